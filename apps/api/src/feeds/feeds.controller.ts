import { CurrentPrincipal, type Principal } from '@app/auth';
import { text } from '@app/event-store';
import { FeedScheduler, FeedService, FeedTryService, type ItemReport } from '@app/ingest';
import { Body, Controller, Delete, Get, HttpCode, Inject, Patch, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';

import { RoleRequired } from '../http/access.decorator';
import { IdParam } from '../http/id-param.decorator';
import { bodyFrom, queryFrom, responseFrom } from '../http/openapi';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import {
  feedListResponse,
  feedResponse,
  feedTryResponse,
  pausedFeedResponse,
  registeredFeedResponse,
  removedFeedResponse,
  resumedFeedResponse,
} from './feed-responses.schema';

const RegisterBody = z.strictObject({
  url: text({ error: 'required' }).min(1, 'required').meta({ example: 'https://eurasianet.org/rss' }),
  title: text().nullable().optional().meta({ example: 'Eurasianet' }),
  language: text().nullable().optional().meta({ example: 'en' }),
});
const UpdateBody = z.strictObject({
  title: text().nullable().optional(),
  language: text().nullable().optional(),
});
const TryBody = z.strictObject({
  url: z
    .string({ error: 'required' })
    .trim()
    .min(1, 'required')
    .refine((url) => /^https?:\/\//i.test(url) && URL.canParse(url), 'must be an http(s) URL'),
});
const ListQuery = z.object({ status: z.enum(['active', 'paused', 'removed', 'all']).default('all') });
const PauseBody = z.strictObject({ reason: text({ error: 'required' }) });
const RemoveQuery = z.object({ reason: text().default('Removed by an admin through the API') });

/**
 * Feeds and their health (DESIGN.md section 5). Reading needs a key of any role rather than being
 * public: a feed URL may carry an access token in its query, and poll errors name hosts and
 * addresses of the installation's network. Changes are for admins. A registered feed is polled at
 * once; a removed one is no longer polled.
 */
@ApiTags('feeds')
@RoleRequired('viewer')
@Controller('api/feeds')
export class FeedsController {
  constructor(
    @Inject(FeedService) private readonly feeds: FeedService,
    @Inject(FeedScheduler) private readonly scheduler: FeedScheduler,
    @Inject(FeedTryService) private readonly trial: FeedTryService,
  ) {}

  @Post('try')
  @RoleRequired('admin')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Try a feed before adding it (admin): fetch, read, score and extract as the worker would, and answer each item's verdict; writes nothing",
  })
  @bodyFrom(TryBody)
  @responseFrom(feedTryResponse)
  async try(@Body(new ZodValidationPipe(TryBody)) body: z.output<typeof TryBody>) {
    const { report, feed } = await this.trial.try(body.url);
    return {
      url: body.url,
      registered: feed.title !== null || feed.language !== null,
      document: { title: report.document.title ?? null },
      skipped: report.skipped,
      items: report.items.map(tryItem),
    };
  }

  @Get()
  @ApiOperation({
    summary: 'Every feed with its health: last success, last error, failures, next poll, items',
  })
  @queryFrom(ListQuery)
  @responseFrom(feedListResponse)
  async list(@Query(new ZodValidationPipe(ListQuery)) query: z.output<typeof ListQuery>) {
    return { feeds: await this.feeds.list(query.status === 'all' ? {} : { status: query.status }) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One feed with its health' })
  @ApiNotFoundResponse({ description: 'No feed with this id' })
  @responseFrom(feedResponse)
  get(@IdParam() id: string) {
    return this.feeds.get(id);
  }

  @Post()
  @RoleRequired('admin')
  @ApiOperation({
    summary:
      'Register a feed (admin); it is polled at once, then every poll interval. Answers at once when Redis is away: `scheduled` is then false and polling starts when Redis is back',
  })
  @ApiConflictResponse({ description: 'FEED_EXISTS: this URL is registered already' })
  @bodyFrom(RegisterBody)
  @responseFrom(registeredFeedResponse, { status: 201 })
  async register(
    @Body(new ZodValidationPipe(RegisterBody)) body: z.output<typeof RegisterBody>,
    @CurrentPrincipal() principal: Principal,
  ) {
    const feed = await this.feeds.register(body, 'api', principal);
    // Registered either way; false while Redis is away (polling starts when it is back).
    return { ...feed, scheduled: await this.scheduler.scheduleNow(feed.id) };
  }

  @Patch(':id')
  @RoleRequired('admin')
  @ApiOperation({ summary: "Change a feed's title or language (admin)" })
  @ApiNotFoundResponse({ description: 'No active feed with this id' })
  @bodyFrom(UpdateBody)
  @responseFrom(feedResponse)
  update(
    @IdParam() id: string,
    @Body(new ZodValidationPipe(UpdateBody)) body: z.output<typeof UpdateBody>,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.feeds.update(id, body, principal);
  }

  @Post(':id/pause')
  @RoleRequired('admin')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Pause a feed (admin): not polled, and not flagged as silent, until resumed; it stays registered',
  })
  @ApiNotFoundResponse({ description: 'No feed with this id' })
  @ApiConflictResponse({ description: 'FEED_PAUSED: paused already; FEED_REMOVED: the feed was removed' })
  @bodyFrom(PauseBody)
  @responseFrom(pausedFeedResponse)
  async pause(
    @IdParam() id: string,
    @Body(new ZodValidationPipe(PauseBody)) body: z.output<typeof PauseBody>,
    @CurrentPrincipal() principal: Principal,
  ) {
    const feed = await this.feeds.pause(id, body.reason, principal);
    return { ...feed, unscheduled: await this.scheduler.unscheduleNow(id) };
  }

  @Post(':id/resume')
  @RoleRequired('admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resume a paused feed (admin): polled at once, then every poll interval' })
  @ApiNotFoundResponse({ description: 'No feed with this id' })
  @ApiConflictResponse({
    description: 'FEED_NOT_PAUSED: the feed is not paused; FEED_REMOVED: it was removed',
  })
  @responseFrom(resumedFeedResponse)
  async resume(@IdParam() id: string, @CurrentPrincipal() principal: Principal) {
    const feed = await this.feeds.resume(id, principal);
    return { ...feed, scheduled: await this.scheduler.scheduleNow(id) };
  }

  @Delete(':id')
  @RoleRequired('admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Remove a feed (admin): no longer polled; its candidates stay' })
  @queryFrom(RemoveQuery)
  @ApiNotFoundResponse({ description: 'No active feed with this id' })
  @responseFrom(removedFeedResponse)
  async remove(
    @IdParam() id: string,
    @Query(new ZodValidationPipe(RemoveQuery)) query: z.output<typeof RemoveQuery>,
    @CurrentPrincipal() principal: Principal,
  ) {
    const feed = await this.feeds.remove(id, query.reason, principal);
    return { ...feed, unscheduled: await this.scheduler.unscheduleNow(id) };
  }
}

/** One item of a trial, as `feeds try --json` prints it: what was read, the verdict, why, what was extracted. */
function tryItem(report: ItemReport) {
  const { item, relevance, fields } = report;
  return {
    guid: item.guid,
    title: item.title,
    link: item.link,
    publishedAt: item.publishedAt,
    language: item.language,
    verdict: report.verdict,
    relevant: relevance?.relevant ?? false,
    score: relevance?.score ?? null,
    threshold: relevance?.threshold ?? null,
    matched: relevance?.matched ?? [],
    explanation: relevance?.explanation ?? null,
    countries: fields?.countries ?? [],
    categories: fields?.categories ?? [],
    actors: fields?.actors ?? [],
    date: fields?.date ?? null,
  };
}
