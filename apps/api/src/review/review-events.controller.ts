import { Roles } from '@app/auth';
import { Controller, Inject, Sse } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Observable } from 'rxjs';

import { ReviewEventsService, type ServerSentEvent } from './review-events.service';

/** The live queue for the /review page's EventSource (the session cookie signs it in). */
@ApiTags('review')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No API key or session, or an invalid one' })
@ApiForbiddenResponse({ description: 'The key is neither a reviewer nor an admin key' })
@Roles('reviewer')
@Controller('api/review')
export class ReviewEventsController {
  constructor(@Inject(ReviewEventsService) private readonly live: ReviewEventsService) {}

  @Sse('events')
  @ApiOperation({
    summary:
      'Server-sent events: `candidate` { candidateId, type, position, recordedAt, by } whenever anyone proposes, decides, undoes or reopens; `ping` every 15 s',
  })
  events(): Observable<ServerSentEvent> {
    return this.live.stream();
  }
}
