import { type AppConfig, APP_CONFIG } from '@app/config';
import { CurrentPrincipal, type Principal } from '@app/auth';
import { paging, text } from '@app/event-store';
import {
  type EntryFields,
  entryFieldsSchema,
  EXPORT_FORMATS,
  exportFormat,
  TimelineQueries,
  timelineQuerySchema,
  TimelineService,
  toFilter,
} from '@app/timeline';
import { Body, Controller, Get, Header, Headers, Inject, Post, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';

import { PublicReadable, RoleRequired } from '../http/access.decorator';
import { IdParam } from '../http/id-param.decorator';
import { bodyFrom, queryFrom, responseFrom } from '../http/openapi';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { ExpensiveRead } from '../session/rate-limits';
import { sendExport } from './send-export';
import { entryWithHistoryResponse, facetsResponse, timelinePageResponse } from './timeline-responses.schema';

const ListQuery = timelineQuerySchema.extend(paging(500));

const ExportQuery = timelineQuerySchema.extend({ format: z.enum(EXPORT_FORMATS).default('json') });

const AsOfQuery = timelineQuerySchema.pick({ asOf: true });

/** `If-Match: "3"` (or `3`, or a weak `W/"3"`): the entry version an editor saw. */
const IfMatch = text()
  .regex(/^(W\/)?"?\d{1,9}"?$/, 'must be the entry version the edit was made on, e.g. "3"')
  .transform((value) => Number(value.replace(/\D/g, '')))
  .optional();

const Reason = text().trim().min(3, 'must say why (3 characters at least)').max(2000);
const AmendBody = z.strictObject({
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
});
const RetractBody = z.strictObject({ reason: Reason });

const FILTER_QUERIES = {
  country: 'ISO 3166-1 alpha-2; repeat or comma-separate for several',
  category: 'from the controlled vocabulary',
  actor: 'exact actor name',
  from: 'YYYY, YYYY-MM or YYYY-MM-DD: entries overlapping from then',
  to: 'YYYY, YYYY-MM or YYYY-MM-DD: entries starting by then (inclusive)',
  place: 'gazetteer place id (e.g. khorgos); repeat or comma-separate for several',
  q: 'words that must all occur (any script, case-insensitive; Russian by stem); "quoted phrase"',
  asOf: 'ISO-8601 time: the timeline exactly as recorded then',
  sort: 'date (default, oldest first), date-desc (newest first) or recorded-desc (newest recorded first)',
  includeRetracted: 'true: retracted entries too, marked as such',
};

/** Each export format's media type (json and timelinejs are both JSON). */
const EXPORT_CONTENT = Object.fromEntries(
  EXPORT_FORMATS.map((format) => [exportFormat(format).contentType.split(';')[0]!, {}]),
);

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
  @PublicReadable()
  // A text search costs more than a page of the date index: only a search counts as expensive.
  @ExpensiveRead((request) => typeof request.query.q === 'string' && request.query.q.trim() !== '')
  @ApiOperation({ summary: 'Entries sorted by date, filtered and paged' })
  @queryFrom(ListQuery, FILTER_QUERIES)
  @responseFrom(timelinePageResponse)
  list(@Query(new ZodValidationPipe(ListQuery)) query: z.output<typeof ListQuery>) {
    return this.queries.list(toFilter(query), { limit: query.limit, offset: query.offset }, query.asOf);
  }

  @Get('facets')
  @PublicReadable()
  @ApiOperation({
    summary: 'Countries, categories, actors and places with their entry counts, each under the other filters',
  })
  @queryFrom(timelineQuerySchema, FILTER_QUERIES)
  @responseFrom(facetsResponse)
  facets(@Query(new ZodValidationPipe(timelineQuerySchema)) query: z.output<typeof timelineQuerySchema>) {
    return this.queries.facets(toFilter(query), query.asOf);
  }

  @Get('export')
  @PublicReadable()
  @ExpensiveRead()
  @ApiOperation({ summary: 'The filtered timeline as json, csv, ics, atom or timelinejs' })
  @queryFrom(ExportQuery, { ...FILTER_QUERIES, format: 'json (default), csv, ics, atom or timelinejs' })
  @ApiOkResponse({ description: 'The export, as an attachment in the asked format', content: EXPORT_CONTENT })
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
  @PublicReadable()
  @ApiOperation({ summary: 'One entry with its sources and full history' })
  @queryFrom(AsOfQuery, { asOf: FILTER_QUERIES.asOf })
  @responseFrom(entryWithHistoryResponse)
  get(@IdParam() id: string, @Query(new ZodValidationPipe(AsOfQuery)) query: z.output<typeof AsOfQuery>) {
    return this.queries.get(id, query.asOf);
  }

  @Post(':id/amend')
  @RoleRequired('reviewer')
  @ApiOperation({ summary: 'Change fields of an entry, saying why (reviewer or admin)' })
  // The fields pass through to the timeline, whose own schema checks them (`changes.title`): shown as it checks them.
  @bodyFrom(AmendBody.extend(entryFieldsSchema.partial().shape))
  @responseFrom(entryWithHistoryResponse, { status: 201 })
  async amend(
    @IdParam() id: string,
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
  @RoleRequired('reviewer')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Withdraw an entry from the timeline, saying why (reviewer or admin)' })
  @bodyFrom(RetractBody)
  @responseFrom(entryWithHistoryResponse, { status: 201 })
  async retract(
    @IdParam() id: string,
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
