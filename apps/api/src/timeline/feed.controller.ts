import { type AppConfig, APP_CONFIG } from '@app/config';
import { PublicRead } from '@app/auth';
import { renderExport, TimelineQueries, timelineQuerySchema, toFilter } from '@app/timeline';
import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { z } from 'zod';

import { ZodValidationPipe } from '../http/zod-validation.pipe';

const FEED_SIZE = 100;

/** `GET /feed.atom`: the newest additions to the timeline, for feed readers. */
@ApiTags('timeline')
@Controller()
export class FeedController {
  constructor(
    @Inject(TimelineQueries) private readonly queries: TimelineQueries,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('feed.atom')
  @PublicRead()
  @ApiOperation({
    summary:
      'Atom feed of the newest additions; takes every timeline filter (country, category, actor, place, from, to, q, asOf) and sort (default recorded-desc)',
  })
  async atom(
    @Query(new ZodValidationPipe(timelineQuerySchema)) query: z.output<typeof timelineQuerySchema>,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    const filter = { ...toFilter(query), sort: query.sort ?? 'recorded-desc', includeRetracted: false };
    const { entries } = await this.queries.list(filter, { limit: FEED_SIZE, offset: 0 }, query.asOf);
    const rendered = renderExport('atom', entries, {
      baseUrl: this.config.http.publicBaseUrl,
      generatedAt: new Date(),
      asOf: query.asOf,
      keepOrder: query.sort !== undefined,
      title: 'China–Central Asia security timeline: new entries',
    });
    response.setHeader('Content-Type', rendered.contentType);
    return rendered.body;
  }
}
