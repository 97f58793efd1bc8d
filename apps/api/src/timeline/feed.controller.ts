import { type AppConfig, APP_CONFIG } from '@app/config';
import { PublicRead } from '@app/auth';
import { type TimelineEntry, TimelineQueries, timelineQuerySchema, toFilter } from '@app/timeline';
import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { z } from 'zod';

import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { ExpensiveRead } from '../session/rate-limits';
import { sendExport } from './send-export';

const FEED_SIZE = 100;

const FeedQuery = timelineQuerySchema.pick({
  country: true,
  category: true,
  actor: true,
  from: true,
  to: true,
  q: true,
});

/** `GET /feed.atom`: the newest additions to the timeline, for feed readers; takes the timeline's filters. */
@ApiTags('timeline')
@Controller()
export class FeedController {
  constructor(
    @Inject(TimelineQueries) private readonly queries: TimelineQueries,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('feed.atom')
  @PublicRead()
  @ExpensiveRead()
  @ApiOperation({ summary: 'Atom feed of the newest approved additions' })
  @ApiQuery({ name: 'country', required: false })
  @ApiQuery({ name: 'category', required: false })
  @ApiQuery({ name: 'actor', required: false })
  @ApiQuery({ name: 'q', required: false })
  async atom(
    @Query(new ZodValidationPipe(FeedQuery)) query: z.output<typeof FeedQuery>,
    @Res() response: Response,
  ): Promise<void> {
    const entries = await this.newest(query);
    const page = (async function* () {
      yield entries;
      await Promise.resolve();
    })();
    await sendExport(
      response,
      'atom',
      { total: entries.length, pages: page },
      {
        baseUrl: this.config.http.publicBaseUrl,
        generatedAt: new Date(),
        title: 'China–Central Asia security timeline: new entries',
      },
    );
  }

  /** The FEED_SIZE most recently recorded active entries that match, newest first. */
  private async newest(query: z.output<typeof FeedQuery>): Promise<TimelineEntry[]> {
    const filter = toFilter(query);
    const filtered = Object.values(filter).some((value) => value !== undefined);
    if (!filtered) return this.queries.newest(FEED_SIZE);
    const matching: TimelineEntry[] = [];
    for await (const page of (await this.queries.exportSource(filter)).pages) matching.push(...page);
    return matching
      .sort((a, b) =>
        a.recordedAt < b.recordedAt ? 1 : a.recordedAt > b.recordedAt ? -1 : a.id < b.id ? 1 : -1,
      )
      .slice(0, FEED_SIZE);
  }
}
