import { type JobPayloads, QUEUES } from '@app/runtime';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject } from '@nestjs/common';
import type { Job } from 'bullmq';

import { DeliveryService } from './delivery.service';

/**
 * Jobs only hand their delivery to its endpoint's lane (EndpointLanes), which runs the send: a job
 * takes a few reads, whatever the receiver, so one slow endpoint cannot fill the worker's slots.
 */
const CONCURRENCY = 32;

@Processor(QUEUES.alertDelivery, { concurrency: CONCURRENCY })
export class DeliveryProcessor extends WorkerHost {
  constructor(@Inject(DeliveryService) private readonly deliveries: DeliveryService) {
    super();
  }

  async process(job: Job<JobPayloads[typeof QUEUES.alertDelivery]>): Promise<void> {
    await this.deliveries.offer(job.data.deliveryId);
  }
}
