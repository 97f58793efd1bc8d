import { type JobPayloads, QUEUES } from '@app/runtime';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject } from '@nestjs/common';
import type { Job } from 'bullmq';

import { FeedPoller, type PollSummary } from './polling/feed-poller.service';

/** Feed polling jobs (one per feed and tick of its job scheduler), a few at a time per worker. */
@Processor(QUEUES.feedPoll, { concurrency: 4 })
export class FeedPollProcessor extends WorkerHost {
  constructor(@Inject(FeedPoller) private readonly poller: FeedPoller) {
    super();
  }

  async process(job: Job<JobPayloads[typeof QUEUES.feedPoll]>, token?: string): Promise<PollSummary> {
    return await this.poller.handle(job, token);
  }
}
