import { QUEUES } from '@app/runtime';
import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';

import { AlertsModule } from './alerts.module';
import { DeliveryQueue } from './delivery/delivery-queue';
import { DeliveryReplayService } from './delivery/delivery-replay.service';

/** What of alerts needs Redis without being the worker: queuing deliveries (replay, from the API). */
@Module({
  imports: [
    AlertsModule,
    BullModule.registerQueue({ name: QUEUES.alertDelivery }, { name: QUEUES.alertSweep }),
  ],
  providers: [DeliveryQueue, DeliveryReplayService],
  exports: [DeliveryQueue, DeliveryReplayService, BullModule],
})
export class AlertsQueueModule {}
