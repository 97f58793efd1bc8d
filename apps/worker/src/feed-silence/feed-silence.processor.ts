import { QUEUES } from '@app/runtime';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject } from '@nestjs/common';

import { FeedSilenceReport } from './feed-silence-report.service';

/** One job per tick of the feed-silence scheduler (FeedSilenceScheduler). */
@Processor(QUEUES.feedSilence)
export class FeedSilenceProcessor extends WorkerHost {
  constructor(@Inject(FeedSilenceReport) private readonly report: FeedSilenceReport) {
    super();
  }

  async process(): Promise<{ reported: number }> {
    return await this.report.run();
  }
}
