import { TimelineModule } from '@app/timeline';
import { Module } from '@nestjs/common';

import { CandidatesProjection } from './candidates.projection';
import { ReviewQueries } from './review-queries';
import { ReviewService } from './review.service';

/**
 * Candidates and their review: decisions, the queue's read model, queries. Stands on the event
 * store; builds entries through the timeline's own commands. A process that appends candidate
 * events (the worker's ingest) should import it too, so its appends keep the queue current inline.
 */
@Module({
  imports: [TimelineModule],
  providers: [ReviewService, ReviewQueries, CandidatesProjection],
  exports: [ReviewService, ReviewQueries],
})
export class ReviewModule {}
