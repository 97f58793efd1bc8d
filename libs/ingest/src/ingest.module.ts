import { OutboundModule } from '@app/outbound';
import { Module } from '@nestjs/common';

import { DedupeProjection } from './dedupe/dedupe.projection';
import { DedupeLookup } from './dedupe/dedupe-lookup.service';
import { FeedService } from './feeds/feed.service';
import { FeedSilenceEpisodes } from './feeds/feed-silence-episodes.service';
import { FeedStateStore } from './feeds/feed-state.service';
import { FeedsProjection } from './feeds/feeds.projection';
import { FeedFetcher } from './polling/feed-fetcher';
import { FeedTryService } from './polling/feed-try.service';
import { IngestPipeline } from './polling/ingest-pipeline';
import { RelevanceModelProjection } from './relevance/model/relevance-model.projection';
import { RelevanceModelService } from './relevance/model/relevance-model.service';

/**
 * Feeds and the ingest pipeline, without queues: what every process needs (the CLI registers
 * feeds and runs `feeds try` with it; its projections must run wherever the log is appended to).
 * Stands on CoreModule. FeedSchedulingModule adds the queue; IngestWorkerModule the polling.
 */
@Module({
  imports: [OutboundModule],
  providers: [
    FeedService,
    FeedStateStore,
    FeedsProjection,
    DedupeProjection,
    DedupeLookup,
    RelevanceModelProjection,
    RelevanceModelService,
    FeedFetcher,
    IngestPipeline,
    FeedTryService,
    FeedSilenceEpisodes,
  ],
  exports: [
    FeedSilenceEpisodes,
    FeedService,
    FeedStateStore,
    DedupeLookup,
    FeedFetcher,
    IngestPipeline,
    FeedTryService,
    RelevanceModelService,
  ],
})
export class IngestModule {}
