import { type AppConfig, APP_CONFIG } from '@app/config';
import { CurrentPrincipal, type Principal, PublicRead, Roles } from '@app/auth';
import { text } from '@app/event-store';
import {
  type EntryFields,
  EXPORT_FORMATS,
  exportFormat,
  TimelineQueries,
  timelineQuerySchema,
  TimelineService,
  toFilter,
} from '@app/timeline';
import {
  Body,
  Controller,
  Get,
  Header,
  Headers,
  Inject,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';

import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { ExpensiveRead } from '../session/rate-limits';
import { sendExport } from './send-export';

const ListQuery = timelineQuerySchema.extend({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

const ExportQuery = timelineQuerySchema.extend({ format: z.enum(EXPORT_FORMATS).default('json') });

const AsOfQuery = timelineQuerySchema.pick({ asOf: true });

/** `If-Match: "3"` (or `3`, or a weak `W/"3"`): the entry version an editor saw. */
const IfMatch = text()
  .regex(/^(W\/)?"?\d{1,9}"?$/, 'must be the entry version the edit was made on, e.g. "3"')
  .transform((value) => Number(value.replace(/\D/g, '')))
  .optional();

const Reason = text().trim().min(3, 'must say why (3 characters at least)').max(2000);
const AmendBody = z
  .object({
    reason: Reason,
    title: z.unknown().optional(),
    summary: z.unknown().optional(),
    date: z.unknown().optional(),
    countries: z.unknown().optional(),
    actors: z.unknown().optional(),
    categories: z.unknown().optional(),
    places: z.unknown().optional(),
    /** The version the edit was made on (or the `If-Match` header): 409 when the entry moved on. */
    expectedVersion: z.number().int().min(1).optional(),
  })
  .strict();
const RetractBody = z.object({ reason: Reason }).strict();

const FILTER_QUERIES = [
  ['country', 'ISO 3166-1 alpha-2; repeat or comma-separate for several'],
  ['category', 'from the controlled vocabulary'],
  ['actor', 'exact actor name'],
  ['from', 'YYYY, YYYY-MM or YYYY-MM-DD: entries overlapping from then'],
  ['to', 'YYYY, YYYY-MM or YYYY-MM-DD: entries starting by then (inclusive)'],
  ['place', 'gazetteer place id (e.g. khorgos); repeat or comma-separate for several'],
  ['q', 'words that must all occur (any script, case-insensitive; Russian by stem); "quoted phrase"'],
  ['asOf', 'ISO-8601 time: the timeline exactly as recorded then'],
  ['sort', 'date (default, oldest first), date-desc (newest first) or recorded-desc (newest recorded first)'],
] as const;
const FilterDocs = () => (target: object, key: string | symbol, descriptor: PropertyDescriptor) => {
  for (const [name, description] of FILTER_QUERIES)
    ApiQuery({ name, required: false, description })(target, key, descriptor);
};

/** The timeline: browse, query, time-travel, export; amend and retract (reviewers). */
@ApiTags('timeline')
@Controller('api/timeline')
export class TimelineController {
  constructor(
    @Inject(TimelineQueries) private readonly queries: TimelineQueries,
    @Inject(TimelineService) private readonly timeline: TimelineService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @PublicRead()
  // A text search costs more than a page of the date index: only a search counts as expensive.
  @ExpensiveRead((request) => typeof request.query.q === 'string' && request.query.q.trim() !== '')
  @ApiOperation({ summary: 'Entries sorted by date, filtered and paged' })
  @FilterDocs()
  list(@Query(new ZodValidationPipe(ListQuery)) query: z.output<typeof ListQuery>) {
    return this.queries.list(toFilter(query), { limit: query.limit, offset: query.offset }, query.asOf);
  }

  @Get('facets')
  @PublicRead()
  @ApiOperation({
    summary: 'Countries, categories, actors and places with their entry counts, each under the other filters',
  })
  @FilterDocs()
  facets(@Query(new ZodValidationPipe(timelineQuerySchema)) query: z.output<typeof timelineQuerySchema>) {
    return this.queries.facets(toFilter(query), query.asOf);
  }

  @Get('export')
  @PublicRead()
  @ExpensiveRead()
  @ApiOperation({ summary: 'The filtered timeline as json, csv, ics, atom or timelinejs' })
  @FilterDocs()
  async export(
    @Query(new ZodValidationPipe(ExportQuery)) query: z.output<typeof ExportQuery>,
    @Res() response: Response,
  ): Promise<void> {
    // Read a page at a time and rendered in slices that yield, so /health and every other request
    // are answered while a large export runs (issue 15).
    const source = await this.queries.exportSource(toFilter(query), query.asOf);
    const { extension } = exportFormat(query.format);
    await sendExport(
      response,
      query.format,
      source,
      {
        baseUrl: this.config.http.publicBaseUrl,
        generatedAt: new Date(),
        asOf: query.asOf,
        keepOrder: query.sort !== undefined,
      },
      { 'Content-Disposition': `attachment; filename="timeline.${extension}"` },
    );
  }

  @Get(':id')
  @PublicRead()
  @ApiOperation({ summary: 'One entry with its sources and full history' })
  @ApiQuery({ name: 'asOf', required: false })
  get(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query(new ZodValidationPipe(AsOfQuery)) query: z.output<typeof AsOfQuery>,
  ) {
    return this.queries.get(id, query.asOf);
  }

  @Post(':id/amend')
  @Roles('reviewer')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Change fields of an entry, saying why (reviewer or admin)' })
  async amend(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body(new ZodValidationPipe(AmendBody)) body: z.output<typeof AmendBody>,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
  ) {
    const { reason, expectedVersion, ...changes } = body;
    const header = new ZodValidationPipe(z.object({ 'If-Match': IfMatch })).transform({
      'If-Match': ifMatch,
    })['If-Match'];
    await this.timeline.execute(
      {
        kind: 'amend',
        entryId: id,
        changes: changes as Partial<EntryFields>,
        reason,
        expectedVersion: expectedVersion ?? header,
      },
      contextOf(principal),
    );
    return this.queries.get(id);
  }

  @Post(':id/retract')
  @Roles('reviewer')
  @ApiBearerAuth()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Withdraw an entry from the timeline, saying why (reviewer or admin)' })
  async retract(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body(new ZodValidationPipe(RetractBody)) body: z.output<typeof RetractBody>,
    @CurrentPrincipal() principal: Principal,
  ) {
    await this.timeline.execute({ kind: 'retract', entryId: id, reason: body.reason }, contextOf(principal));
    return this.queries.get(id);
  }
}

/** Who asks, for the log: the key as actor, its display name for history. */
function contextOf(principal: Principal): { actor: string; actorName: string } {
  return { actor: principal.actor, actorName: principal.name };
}
