import { AlertsWorkerModule, DigestModule, EmailWorkerModule } from '@app/alerts';
import { IngestWorkerModule } from '@app/ingest';
import { ReviewModule } from '@app/review';
import { TimelineModule } from '@app/timeline';
import { Module } from '@nestjs/common';

import { FeedSilenceModule } from './feed-silence/feed-silence.module';

/**
 * The queue processors (feed polling, alert dispatch and delivery, sweepers, the feed-silence
 * check). No HTTP server.
 * Stands on CoreModule with Redis, which the entrypoint provides. Timeline and review are here for
 * their projections: every process that appends runs every projection, so none falls behind.
 */
@Module({
  imports: [
    TimelineModule,
    ReviewModule,
    AlertsWorkerModule,
    IngestWorkerModule,
    DigestModule,
    EmailWorkerModule,
    FeedSilenceModule,
  ],
})
export class WorkerModule {}
