import { QUEUES } from '@app/runtime';
import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';

import { IngestModule } from '../ingest.module';
import { FeedScheduler } from './feed-scheduler.service';

/** IngestModule plus the feed-poll queue and its scheduler: for processes with Redis (API, worker). */
@Module({
  imports: [IngestModule, BullModule.registerQueue({ name: QUEUES.feedPoll })],
  providers: [FeedScheduler],
  exports: [IngestModule, FeedScheduler],
})
export class FeedSchedulingModule {}
