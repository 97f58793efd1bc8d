import { QUEUES } from '@app/runtime';
import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';

import { AlertsModule } from './alerts.module';
import { DeliveryQueue } from './delivery/delivery-queue';
import { DeliveryReplayService } from './delivery/delivery-replay.service';
import { LogSignalRelay } from './dispatch/log-signal-relay';

/**
 * What of alerts needs Redis without being the worker: queuing deliveries (replay, from the API),
 * and the relay that wakes other processes' dispatchers when this one appends.
 */
@Module({
  imports: [
    AlertsModule,
    BullModule.registerQueue({ name: QUEUES.alertDelivery }, { name: QUEUES.alertSweep }),
  ],
  providers: [DeliveryQueue, DeliveryReplayService, LogSignalRelay],
  exports: [DeliveryQueue, DeliveryReplayService, BullModule],
})
export class AlertsQueueModule {}
