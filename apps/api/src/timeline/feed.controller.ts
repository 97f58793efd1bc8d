import { type AppConfig, APP_CONFIG } from '@app/config';
import { type TimelineEntry, TimelineQueries, timelineQuerySchema, toFilter } from '@app/timeline';
import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { z } from 'zod';

import { PublicReadable } from '../http/access.decorator';
import { queryFrom } from '../http/openapi';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { ExpensiveRead } from '../session/rate-limits';
import { sendExport } from './send-export';

const FEED_SIZE = 100;

/** `GET /feed.atom`: the newest additions to the timeline, for feed readers; takes the timeline's filters. */
@ApiTags('timeline')
@Controller()
export class FeedController {
  constructor(
    @Inject(TimelineQueries) private readonly queries: TimelineQueries,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('feed.atom')
  @PublicReadable()
  @ExpensiveRead()
  @ApiOperation({
    summary:
      'Atom feed of the newest additions; takes every timeline filter (country, category, actor, place, from, to, q, asOf) and sort (default recorded-desc)',
  })
  @queryFrom(timelineQuerySchema)
  async atom(
    @Query(new ZodValidationPipe(timelineQuerySchema)) query: z.output<typeof timelineQuerySchema>,
    @Res() response: Response,
  ): Promise<void> {
    const filter = { ...toFilter(query), sort: query.sort ?? 'recorded-desc', includeRetracted: false };
    const { entries } = await this.queries.list(filter, { limit: FEED_SIZE, offset: 0 }, query.asOf);
    await sendExport(
      response,
      'atom',
      { total: entries.length, pages: onePage(entries) },
      {
        baseUrl: this.config.http.publicBaseUrl,
        generatedAt: new Date(),
        asOf: query.asOf,
        keepOrder: query.sort !== undefined,
        title: 'China–Central Asia security timeline: new entries',
      },
    );
  }
}

async function* onePage(entries: TimelineEntry[]): AsyncGenerator<TimelineEntry[]> {
  yield await Promise.resolve(entries);
}
