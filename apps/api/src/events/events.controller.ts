import { EventStore } from '@app/event-store';
import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';

import { RoleRequired } from '../http/access.decorator';
import { queryFrom, responseFrom } from '../http/openapi';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { eventPageResponse } from './event-responses.schema';

const EventsQuery = z.object({
  after: z.coerce.number().int().min(0).default(0).describe('the position to read after'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

/**
 * The raw log, read-only, paged by position (DESIGN.md section 9). Admins only: besides the
 * timeline (public through /api/timeline) it holds subscriptions' targets (email addresses, webhook
 * URLs, which can carry tokens) and the names of reviewers.
 */
@ApiTags('events')
@Controller('api/events')
export class EventsController {
  constructor(@Inject(EventStore) private readonly events: EventStore) {}

  @Get()
  @RoleRequired('admin')
  @ApiOperation({ summary: 'Events after a position, oldest first' })
  @queryFrom(EventsQuery)
  @responseFrom(eventPageResponse)
  async list(@Query(new ZodValidationPipe(EventsQuery)) query: z.output<typeof EventsQuery>) {
    const events = await this.events.readAll(query.after, query.limit);
    const last = events.at(-1)?.position;
    return { events, next: events.length === query.limit && last !== undefined ? { after: last } : null };
  }
}
