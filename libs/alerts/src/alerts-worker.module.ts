import { Module } from '@nestjs/common';

import { AlertsModule } from './alerts.module';
import { AlertsQueueModule } from './alerts-queue.module';
import { DeliveryService } from './delivery/delivery.service';
import { DeliveryProcessor } from './delivery/delivery.processor';
import { DeliverySweepProcessor } from './delivery/delivery-sweep.processor';
import { DeliverySweeper } from './delivery/delivery-sweeper';
import { DeliveryWrites } from './delivery/delivery-writes';
import { EndpointLanes } from './delivery/endpoint-lanes';
import { AlertDispatcher, LOCAL_SENDER, type LocalSender } from './dispatch/alert-dispatcher';
import { DispatchLoop } from './dispatch/dispatch-loop';
import { NoticeService } from './notices/notice.service';

/** The alerts of the worker: the dispatch loop, the delivery processor, the sweeper. */
@Module({
  imports: [AlertsModule, AlertsQueueModule],
  providers: [
    AlertDispatcher,
    DispatchLoop,
    DeliveryService,
    {
      provide: LOCAL_SENDER,
      useFactory: (deliveries: DeliveryService): LocalSender => ({
        sendClaimed: (claims) => deliveries.sendClaimed(claims),
      }),
      inject: [DeliveryService],
    },
    DeliveryWrites,
    EndpointLanes,
    DeliveryProcessor,
    DeliverySweeper,
    DeliverySweepProcessor,
    NoticeService,
  ],
  exports: [AlertDispatcher, DeliveryService, DeliverySweeper, EndpointLanes, NoticeService],
})
export class AlertsWorkerModule {}
