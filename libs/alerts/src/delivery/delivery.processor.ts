import { type JobPayloads, QUEUES } from '@app/runtime';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject } from '@nestjs/common';
import type { Job } from 'bullmq';

import { DeliveryService } from './delivery.service';

/**
 * Deliveries run side by side: most of a delivery's time is the receiver's. SQLite writes are
 * serialised by the database anyway; the HTTP waits are not.
 */
const CONCURRENCY = 32;

@Processor(QUEUES.alertDelivery, { concurrency: CONCURRENCY })
export class DeliveryProcessor extends WorkerHost {
  constructor(@Inject(DeliveryService) private readonly deliveries: DeliveryService) {
    super();
  }

  async process(job: Job<JobPayloads[typeof QUEUES.alertDelivery]>): Promise<void> {
    await this.deliveries.deliver(job.data.deliveryId);
  }
}
