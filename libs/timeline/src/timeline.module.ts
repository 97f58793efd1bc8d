import { Module } from '@nestjs/common';

import { TimelineProjection } from './timeline.projection';
import { TimelineService } from './timeline.service';
import { TimelineQueries } from './timeline-queries';

/** Timeline entries: commands, the read model, queries. Stands on the event store. */
@Module({
  providers: [TimelineService, TimelineQueries, TimelineProjection],
  exports: [TimelineService, TimelineQueries],
})
export class TimelineModule {}
