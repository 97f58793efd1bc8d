import { type AppConfig, APP_CONFIG } from '@app/config';
import { Controller, Get, Inject, Sse } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Observable } from 'rxjs';

import { RoleRequired } from '../http/access.decorator';
import { responseFrom } from '../http/openapi';
import { reviewSettingsResponse } from './candidate-responses.schema';
import { ReviewEventsService, type ServerSentEvent } from './review-events.service';

/** The live queue for the /review page's EventSource (the session cookie signs it in). */
@ApiTags('review')
@RoleRequired('reviewer')
@Controller('api/review')
export class ReviewEventsController {
  constructor(
    @Inject(ReviewEventsService) private readonly live: ReviewEventsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('settings')
  @ApiOperation({
    summary: 'What the review page needs of the configuration: UNDO_WINDOW (ms) and four eyes',
  })
  @responseFrom(reviewSettingsResponse)
  settings() {
    return { undoWindowMs: this.config.review.undoWindowMs, fourEyes: this.config.review.fourEyes };
  }

  @Sse('events')
  @ApiOperation({
    summary:
      'Server-sent events: `candidate` { candidateId, type, position, recordedAt, by } whenever anyone proposes, decides, undoes or reopens; `ping` every 15 s',
  })
  events(): Observable<ServerSentEvent> {
    return this.live.stream();
  }
}
