import { AlertsWorkerModule } from '@app/alerts';
import { IngestModule } from '@app/ingest';
import { QUEUES } from '@app/runtime';
import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';

import { FeedSilenceProcessor } from './feed-silence.processor';
import { FeedSilenceReport } from './feed-silence-report.service';
import { FeedSilenceScheduler } from './feed-silence.scheduler';

/**
 * Feed-silence notices: the worker's periodic check. Here in the app because it joins two domain
 * libraries that may not call each other (DESIGN.md section 2): ingest's silence episodes and the
 * alerts' notice deliveries.
 */
@Module({
  imports: [IngestModule, AlertsWorkerModule, BullModule.registerQueue({ name: QUEUES.feedSilence })],
  providers: [FeedSilenceReport, FeedSilenceScheduler, FeedSilenceProcessor],
  exports: [FeedSilenceReport],
})
export class FeedSilenceModule {}
