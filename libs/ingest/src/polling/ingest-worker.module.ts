import { Module } from '@nestjs/common';

import { FeedPollProcessor } from '../feed-poll.processor';
import { FeedPoller } from './feed-poller.service';
import { FeedReconciler } from './feed-reconciler.service';
import { FeedSchedulingModule } from './feed-scheduling.module';
import { HostPoliteness } from './host-politeness';
import { IngestRedis } from './ingest-redis';

/**
 * The worker's part of ingest: the feed-poll processor, host politeness in Redis, default feeds
 * at start and the schedulers kept in step with the feeds.
 */
@Module({
  imports: [FeedSchedulingModule],
  providers: [IngestRedis, HostPoliteness, FeedPoller, FeedPollProcessor, FeedReconciler],
  exports: [FeedPoller],
})
export class IngestWorkerModule {}
