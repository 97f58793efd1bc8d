import { CurrentPrincipal, type Principal, Roles } from '@app/auth';
import { text } from '@app/event-store';
import { FeedScheduler, FeedService, FeedTryService, type ItemReport } from '@app/ingest';
import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { z } from 'zod';

import { ZodValidationPipe } from '../http/zod-validation.pipe';

const RegisterBody = z
  .object({
    url: text({ error: 'required' }).min(1, 'required'),
    title: text().nullable().optional(),
    language: text().nullable().optional(),
  })
  .strict();
const UpdateBody = z
  .object({ title: text().nullable().optional(), language: text().nullable().optional() })
  .strict();
const TryBody = z
  .object({
    url: z
      .string({ error: 'required' })
      .trim()
      .min(1, 'required')
      .refine((url) => /^https?:\/\//i.test(url) && URL.canParse(url), 'must be an http(s) URL'),
  })
  .strict();
const ListQuery = z.object({ status: z.enum(['active', 'paused', 'removed', 'all']).default('all') });
const PauseBody = z.object({ reason: text({ error: 'required' }) }).strict();
const RemoveQuery = z.object({ reason: text().default('Removed by an admin through the API') });

/**
 * Feeds and their health (DESIGN.md section 5). Reading needs a key of any role rather than being
 * public: a feed URL may carry an access token in its query, and poll errors name hosts and
 * addresses of the installation's network. Changes are for admins. A registered feed is polled at
 * once; a removed one is no longer polled.
 */
@ApiTags('feeds')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No API key, or an invalid or revoked one' })
@Controller('api/feeds')
export class FeedsController {
  constructor(
    @Inject(FeedService) private readonly feeds: FeedService,
    @Inject(FeedScheduler) private readonly scheduler: FeedScheduler,
    @Inject(FeedTryService) private readonly trial: FeedTryService,
  ) {}

  @Post('try')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Try a feed before adding it (admin): fetch, read, score and extract as the worker would, and answer each item's verdict; writes nothing",
  })
  @ApiForbiddenResponse({ description: 'The key is not an admin key' })
  @ApiBody({ schema: { type: 'object', required: ['url'], properties: { url: { type: 'string' } } } })
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
  @Roles('viewer')
  @ApiOperation({
    summary: 'Every feed with its health: last success, last error, failures, next poll, items',
  })
  @ApiQuery({ name: 'status', required: false, enum: ['active', 'paused', 'removed', 'all'] })
  async list(@Query(new ZodValidationPipe(ListQuery)) query: z.output<typeof ListQuery>) {
    return { feeds: await this.feeds.list(query.status === 'all' ? {} : { status: query.status }) };
  }

  @Get(':id')
  @Roles('viewer')
  @ApiOperation({ summary: 'One feed with its health' })
  @ApiNotFoundResponse({ description: 'No feed with this id' })
  get(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.feeds.get(id);
  }

  @Post()
  @Roles('admin')
  @ApiOperation({
    summary:
      'Register a feed (admin); it is polled at once, then every poll interval. Answers at once when Redis is away: `scheduled` is then false and polling starts when Redis is back',
  })
  @ApiForbiddenResponse({ description: 'The key is not an admin key' })
  @ApiConflictResponse({ description: 'FEED_EXISTS: this URL is registered already' })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['url'],
      properties: {
        url: { type: 'string', example: 'https://eurasianet.org/rss' },
        title: { type: 'string', example: 'Eurasianet' },
        language: { type: 'string', example: 'en' },
      },
    },
  })
  async register(
    @Body(new ZodValidationPipe(RegisterBody)) body: z.output<typeof RegisterBody>,
    @CurrentPrincipal() principal: Principal,
  ) {
    const feed = await this.feeds.register(body, 'api', principal);
    // Registered either way; false while Redis is away (polling starts when it is back).
    return { ...feed, scheduled: await this.scheduler.scheduleNow(feed.id) };
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: "Change a feed's title or language (admin)" })
  @ApiForbiddenResponse({ description: 'The key is not an admin key' })
  @ApiNotFoundResponse({ description: 'No active feed with this id' })
  update(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body(new ZodValidationPipe(UpdateBody)) body: z.output<typeof UpdateBody>,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.feeds.update(id, body, principal);
  }

  @Post(':id/pause')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Pause a feed (admin): not polled, and not flagged as silent, until resumed; it stays registered',
  })
  @ApiForbiddenResponse({ description: 'The key is not an admin key' })
  @ApiNotFoundResponse({ description: 'No feed with this id' })
  @ApiConflictResponse({ description: 'FEED_PAUSED: paused already; FEED_REMOVED: the feed was removed' })
  @ApiBody({ schema: { type: 'object', required: ['reason'], properties: { reason: { type: 'string' } } } })
  async pause(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body(new ZodValidationPipe(PauseBody)) body: z.output<typeof PauseBody>,
    @CurrentPrincipal() principal: Principal,
  ) {
    const feed = await this.feeds.pause(id, body.reason, principal);
    return { ...feed, unscheduled: await this.scheduler.unscheduleNow(id) };
  }

  @Post(':id/resume')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resume a paused feed (admin): polled at once, then every poll interval' })
  @ApiForbiddenResponse({ description: 'The key is not an admin key' })
  @ApiNotFoundResponse({ description: 'No feed with this id' })
  @ApiConflictResponse({
    description: 'FEED_NOT_PAUSED: the feed is not paused; FEED_REMOVED: it was removed',
  })
  async resume(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() principal: Principal) {
    const feed = await this.feeds.resume(id, principal);
    return { ...feed, scheduled: await this.scheduler.scheduleNow(id) };
  }

  @Delete(':id')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Remove a feed (admin): no longer polled; its candidates stay' })
  @ApiQuery({ name: 'reason', required: false })
  @ApiForbiddenResponse({ description: 'The key is not an admin key' })
  @ApiNotFoundResponse({ description: 'No active feed with this id' })
  async remove(
    @Param('id', new ParseUUIDPipe()) id: string,
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
