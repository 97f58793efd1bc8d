import { Database } from '@app/database';
import { EventStore, type StoredEvent } from '@app/event-store';
import { Inject, Injectable } from '@nestjs/common';

import { type EntryOrigin, entryStreamId } from './entry-events';
import type { ExportSource } from './export/export-stream';
import { TimelineError } from './timeline.error';
import type { TimelineEntry } from './timeline-entry';
import {
  type FacetCount,
  facetCounts,
  type FacetField,
  matchesFilter,
  orderFacets,
  searchTerms,
  sortEntries,
  type TimelineFilter,
  type TimelineSort,
} from './timeline-filter';
import {
  ENTRY_COLUMNS,
  type EntryRow,
  fromEntryRow,
  gramToken,
  searchMatches,
  SORT_KEYS_PER_DAY,
} from './timeline-rows';
import { applyToView } from './timeline-view';
import { CATEGORIES, CATEGORY_LABELS, COUNTRIES, placeById } from './vocabulary';

export interface Page {
  limit: number;
  offset: number;
}

export interface TimelinePage {
  entries: TimelineEntry[];
  total: number;
  limit: number;
  offset: number;
  /** Set when the page shows the timeline as recorded at a past time. */
  asOf?: string;
}

/** A field changed by an amendment, or edited by the reviewer at approval: what it was, what it became. */
export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/** One event of an entry's history, as a reader sees it: what changed, who did it, and why. */
export interface HistoryItem {
  position: number;
  version: number;
  type: string;
  recordedAt: string;
  /** Who, as the log records it: `key:<id>`, `seed` or `system:<component>`. */
  actor: string;
  /**
   * Who, by name: the key's display name recorded with the event (`metadata.actorName`); for older
   * events the reviewer named by the candidate decision, "Seed import", or else `actor`.
   */
  by: string;
  reason?: string;
  /** EntryAmended: the new values of the changed fields. */
  changes?: Record<string, unknown>;
  /** EntryAmended: each changed field as before → after. */
  diff?: FieldChange[];
  /** SourceAttached: the source. */
  source?: unknown;
  /** EntryAdded from a reviewed candidate: the candidate, for a link to its decision. */
  candidateId?: string;
  /** EntryAdded from a reviewed candidate: the reviewer's edits at approval, proposed → approved. */
  approvalEdits?: FieldChange[];
}

export interface EntryWithHistory {
  entry: TimelineEntry;
  history: HistoryItem[];
}

interface Facet {
  value: string;
  count: number;
  label: string;
}

/** What `GET /api/timeline/facets` answers: each field's values counted under the other filters. */
export interface TimelineFacets {
  countries: Facet[];
  categories: Facet[];
  actors: Array<{ value: string; count: number }>;
  places: Array<Facet & { lat: number; lon: number }>;
}

/**
 * Reads of the timeline. The present comes from the read model; a past moment (`asOf`) is folded
 * from the log up to the last event recorded by then, with the same view and filter functions.
 */
@Injectable()
export class TimelineQueries {
  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(EventStore) private readonly events: EventStore,
  ) {}

  async list(filter: TimelineFilter, page: Page, asOf?: Date): Promise<TimelinePage> {
    const at = asOf ? await this.events.positionAt(asOf) : undefined;
    const rows = await this.page(filter, page, at);
    // Past the last page there is no row to carry the total: ask for the first row instead.
    const [first] =
      rows.length === 0 && page.offset > 0 ? await this.page(filter, { limit: 1, offset: 0 }, at) : rows;
    return {
      entries: rows.map(fromEntryRow),
      total: Number(first?.total ?? 0),
      ...page,
      ...(asOf ? { asOf: asOf.toISOString() } : {}),
    };
  }

  /**
   * The fold of the log up to the last event recorded by `asOf`, filtered and sorted in memory:
   * what `list(filter, page, asOf)` answers from the read model's versions, worked out the slow way.
   * The test oracle of time travel (and of the read model's queries, with a future `asOf`).
   */
  async listByFold(filter: TimelineFilter, page: Page, asOf: Date): Promise<TimelinePage> {
    const all = sortEntries(
      (await this.entriesAsOf(asOf)).filter((e) => matchesFilter(e, filter)),
      filter.sort,
    );
    return {
      entries: all.slice(page.offset, page.offset + page.limit),
      total: all.length,
      ...page,
      asOf: asOf.toISOString(),
    };
  }

  /** The most recently recorded active entries, newest first. */
  async newest(limit: number): Promise<TimelineEntry[]> {
    return (await this.list({ sort: 'recorded-desc' }, { limit, offset: 0 })).entries;
  }

  /**
   * Every matching entry in the filter's order, read a page at a time (for streamed exports), at
   * present or as of a past moment: the total comes with the first page.
   */
  async exportSource(filter: TimelineFilter, asOf?: Date, pageSize = EXPORT_PAGE): Promise<ExportSource> {
    const first = await this.list(filter, { limit: pageSize, offset: 0 }, asOf);
    const pages = async function* (this: TimelineQueries) {
      yield first.entries;
      for (let offset = pageSize; offset < first.total; offset += pageSize) {
        const { entries } = await this.list(filter, { limit: pageSize, offset }, asOf);
        if (entries.length === 0) return;
        yield entries;
      }
    };
    return { total: first.total, pages: pages.call(this) };
  }

  /** Every matching entry, in the filter's order (for exports). */
  async all(filter: TimelineFilter, asOf?: Date): Promise<TimelineEntry[]> {
    return (await this.list(filter, { limit: 1_000_000, offset: 0 }, asOf)).entries;
  }

  async get(entryId: string, asOf?: Date): Promise<EntryWithHistory> {
    const upTo = asOf ? await this.events.positionAt(asOf) : undefined;
    const stream = await this.events.readStream(entryStreamId(entryId), { upToPosition: upTo });
    const entry = stream.reduce<TimelineEntry | undefined>(applyToView, undefined);
    if (!entry) throw new TimelineError('ENTRY_NOT_FOUND', `No entry ${entryId}`, { entryId });
    return { entry, history: await this.historyOf(stream, upTo) };
  }

  /**
   * Each country, category, actor and place with how many entries carry it, among the entries that
   * match every other active filter (see `facetCounts`, its oracle and the "as of" answer).
   */
  async facets(filter: TimelineFilter = {}, asOf?: Date): Promise<TimelineFacets> {
    const at = asOf ? await this.events.positionAt(asOf) : undefined;
    const counts = Object.fromEntries(
      await Promise.all(
        TAG_FIELDS.map(
          async ([kind, field]) =>
            [field, await this.facetOf(kind, { ...filter, [field]: undefined }, at)] as const,
        ),
      ),
    );
    return labelFacets(counts as Record<FacetField, FacetCount[]>);
  }

  /** `facets` worked out from the fold of the log (its test oracle). */
  async facetsByFold(filter: TimelineFilter, asOf: Date): Promise<TimelineFacets> {
    return labelFacets(facetCounts(await this.entriesAsOf(asOf), filter));
  }

  private async facetOf(kind: string, filter: TimelineFilter, at?: number): Promise<FacetCount[]> {
    const params: unknown[] = [kind];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const model = readModel(at, param);
    const status = filter.includeRetracted ? '' : ` AND t.status = 'active'`;
    const valid = model.valid ? ` AND ${model.valid('t.')}` : '';
    let sql = `SELECT t.value, COUNT(*) AS n FROM ${model.tags} t WHERE t.kind = $1${status}${valid} GROUP BY t.value`;
    if (filter.q || hasTagOrDate(filter)) {
      const { withClause, keys } = this.matching(filter, param, false, model);
      sql = `${withClause} SELECT t.value, COUNT(*) AS n FROM ${model.tags} t
        WHERE t.kind = $1${status}${valid} AND t.entry_id IN (SELECT id FROM (${keys}) f) GROUP BY t.value`;
    }
    const rows = await this.database.query<{ value: string; n: number | string }>(sql, params);
    return orderFacets(rows.map((r) => ({ value: r.value, count: Number(r.n) })));
  }

  /** The history of a stream: each event with who by name, and what changed from what. */
  private async historyOf(stream: readonly StoredEvent[], upTo?: number): Promise<HistoryItem[]> {
    const items: HistoryItem[] = [];
    let view: TimelineEntry | undefined;
    for (const event of stream) {
      const before = view;
      view = applyToView(view, event);
      const item = toHistoryItem(event);
      if (event.type === 'EntryAmended' && before) {
        item.diff = Object.entries(item.changes ?? {}).map(([field, after]) => ({
          field,
          before: before[field as keyof TimelineEntry] ?? null,
          after,
        }));
      }
      const origin = event.data.origin as EntryOrigin | undefined;
      if (event.type === 'EntryAdded' && origin?.kind === 'candidate') {
        item.candidateId = origin.candidateId;
        const approval = await this.approvalOf(origin.candidateId, String(event.data.entryId), upTo);
        if (approval) {
          item.approvalEdits = approval.edits;
          if (!event.metadata.actorName && approval.reviewer) item.by = approval.reviewer;
        }
      }
      items.push(item);
    }
    return items;
  }

  /** The decision that made an entry of a candidate, as its CandidateApproved event records it. */
  private async approvalOf(
    candidateId: string,
    entryId: string,
    upTo?: number,
  ): Promise<{ reviewer?: string; edits: FieldChange[] } | undefined> {
    const stream = await this.events.readStream(`candidate-${candidateId}`, { upToPosition: upTo });
    const approved = stream.find((e) => e.type === 'CandidateApproved' && e.data.entryId === entryId);
    if (!approved) return undefined;
    const edits = (approved.data.edits ?? {}) as Record<string, { before?: unknown; after?: unknown }>;
    return {
      ...(typeof approved.data.reviewer === 'string' ? { reviewer: approved.data.reviewer } : {}),
      edits: Object.entries(edits).map(([field, edit]) => ({
        field,
        before: edit.before ?? null,
        after: edit.after ?? null,
      })),
    };
  }

  private async entriesAsOf(asOf: Date): Promise<TimelineEntry[]> {
    const events = await this.events.readStreamType('entry', {
      upToPosition: await this.events.positionAt(asOf),
    });
    const views = new Map<string, TimelineEntry>();
    for (const event of events) {
      const id = String(event.data.entryId);
      const view = applyToView(views.get(id), event);
      if (view) views.set(id, view);
    }
    return [...views.values()];
  }

  /**
   * One page of entries, each row with the total, in one statement shaped so that the database walks
   * narrow indexes in timeline order and reads wide rows only for the page (issue 3):
   * - `matches`: the sort keys of the entries that contain every search term, from the search index
   *   (FTS5 on SQLite, pg_trgm on PostgreSQL);
   * - `keys`: (first_day, id) of every matching entry. With tag filters they come from the tag table,
   *   one SELECT per field, intersected (SQLite merges them in index order); otherwise from the index
   *   of active entries by date;
   * - the total, from the same indexes.
   */
  private page(
    filter: TimelineFilter,
    page: Page,
    at?: number,
  ): Promise<Array<EntryRow & { total: number | string }>> {
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const model = readModel(at, param);
    const sqlite = this.database.kind === 'sqlite';
    const active = !filter.includeRetracted;
    const terms = searchTerms(filter.q);
    const sort = filter.sort ?? 'date';
    const order = ORDER_BY[sort];
    // SQLite would rather scan every version in date order than look each of the page's up by id:
    // CROSS JOIN keeps the page as the outer loop.
    const join = sqlite && model.valid ? 'CROSS JOIN' : 'JOIN';
    const statement = (withClause: string, keys: string, count: string) =>
      `${withClause} SELECT ${PREFIXED_COLUMNS}, (${count}) AS total
       FROM (${keys} ORDER BY ${order('')} LIMIT ${param(page.limit)} OFFSET ${param(page.offset)}) p
       ${join} ${model.entries} e ON e.id = p.id${model.valid ? ` AND ${model.valid('e.')}` : ''}
       ORDER BY ${order('e.')}`;
    const run = (sql: string) => this.database.query<EntryRow & { total: number | string }>(sql, params);

    const search = sqlite ? searchMatches(indexTerms(terms)) : {};
    const phrases = terms.some((term) => term.includes(' '));
    if (
      sqlite &&
      !model.valid &&
      sort === 'date' &&
      !phrases &&
      !hasTagOrDate(filter) &&
      Boolean(search.trigrams) !== Boolean(search.grams)
    ) {
      // One search table, no other filter. FTS5 returns matches in sort-key order, which is timeline
      // order but for the order of entries within a day: so the page lies among the matches up to the
      // end of the day of the match at offset + limit, and only those are looked up (by sort key,
      // from a narrow index); the total is FTS5's count of them all.
      const [table, match] = search.trigrams
        ? ['timeline_search', search.trigrams]
        : ['timeline_search_grams', search.grams!];
      const term = param(match);
      // Retracted entries are keyed by minus their sort key (see searchKey).
      const matches = (bound?: string) =>
        [
          `SELECT rowid AS k FROM ${table} WHERE ${table} MATCH ${term} AND rowid > 0${bound ? ` AND rowid < ${bound}` : ''}`,
          ...(active
            ? []
            : [
                `SELECT -rowid FROM ${table} WHERE ${table} MATCH ${term} AND rowid < 0${bound ? ` AND rowid > -${bound}` : ''}`,
              ]),
        ].join(' UNION ALL ');
      const last = param(Math.max(0, page.offset + page.limit - 1));
      const withClause = `WITH page_end (k) AS (${matches()} ORDER BY 1 LIMIT 1 OFFSET ${last})`;
      const bound = `coalesce((SELECT (k / ${SORT_KEYS_PER_DAY} + 1) * ${SORT_KEYS_PER_DAY} FROM page_end), ${MAX_KEY})`;
      const keys = `SELECT e.first_day, e.id FROM (${matches(bound)}) m
        CROSS JOIN timeline_entries e INDEXED BY timeline_entries_by_sort_key ON e.sort_key = m.k`;
      const count = `SELECT COUNT(*) FROM ${table} WHERE ${table} MATCH ${term}${active ? ' AND rowid > 0' : ''}`;
      return run(statement(withClause, keys, count));
    }
    const { withClause, keys, count } = this.matching(filter, param, sort === 'recorded-desc', model);
    return run(statement(withClause, keys, count));
  }

  /**
   * A SELECT of (first_day, id[, recorded_at]) of every entry that matches the filter, with the
   * statement's WITH clause and a count of them, shaped so that the database walks narrow indexes
   * in timeline order:
   * - `matches`: the sort keys of the entries that contain every search term, from the search index
   *   (FTS5 on SQLite, pg_trgm on PostgreSQL);
   * - with tag filters the keys come from the tag table, one SELECT per field, intersected (SQLite
   *   merges them in index order); otherwise from the index of active entries by date.
   */
  private matching(
    filter: TimelineFilter,
    param: (value: unknown) => string,
    withRecordedAt = false,
    model: ReadModel = readModel(undefined, param),
  ): { withClause: string; keys: string; count: string } {
    const sqlite = this.database.kind === 'sqlite';
    const active = !filter.includeRetracted;
    const { entries, tags } = model;
    const terms = searchTerms(filter.q);
    const dates = [
      ...(filter.from ? [`last_day_exclusive > ${param(filter.from)}`] : []),
      ...(filter.toExclusive ? [`first_day < ${param(filter.toExclusive)}`] : []),
    ];
    const tagged = tagFilters(filter);
    const status = [...(active ? [`status = 'active'`] : []), ...(model.valid ? [model.valid('')] : [])];
    const where = (conditions: string[]) => (conditions.length ? `WHERE ${conditions.join(' AND ')}` : '');
    const matches = terms.length > 0 ? this.searchIndex(terms, active, param, model) : undefined;
    const withClause = matches ? `WITH matches (k) AS MATERIALIZED (${matches})` : '';
    // On SQLite, `+` keeps the planner from looking entries up by key from `matches` and sorting
    // them all: the date order of a narrow index, probing `matches`, finds the first page sooner.
    const inMatches = (column: string) => `${sqlite ? '+' : ''}${column} IN (SELECT k FROM matches)`;
    if (tagged.length === 0) {
      const conditions = [...status, ...dates, ...(matches ? [inMatches('sort_key')] : [])];
      const count =
        matches && dates.length === 0
          ? 'SELECT COUNT(*) FROM matches'
          : model.at && active && dates.length === 0
            ? // As of P: the active versions begun by P less those ended by P (two index range counts).
              `SELECT (SELECT COUNT(*) FROM ${entries} WHERE status = 'active' AND valid_from <= ${model.at})
                - (SELECT COUNT(*) FROM ${entries} WHERE status = 'active' AND valid_until <= ${model.at})`
            : `SELECT COUNT(*) FROM ${entries} ${where(conditions)}`;
      const columns = withRecordedAt ? 'first_day, id, recorded_at' : 'first_day, id';
      return { withClause, keys: `SELECT ${columns} FROM ${entries} ${where(conditions)}`, count };
    }
    // Compound SELECTs group from the left: (first field's values, united) ∩ second field ∩ third.
    // The first field, with the fewest values, carries the date and text conditions, and is one
    // SELECT per value, so that SQLite merges them in index order instead of sorting them all.
    const [first, ...others] = [...tagged].sort((a, b) => a.values.length - b.values.length);
    const select = (kind: string, values: string[], extra: string[] = []) =>
      `SELECT first_day, entry_id AS id FROM ${tags} ${where([
        `kind = ${param(kind)}`,
        values.length === 1 ? `value = ${param(values[0])}` : `value IN (${values.map(param).join(', ')})`,
        ...status,
        ...extra,
      ])}`;
    const firstConditions = [...dates, ...(matches ? [inMatches('entry_sort_key')] : [])];
    const selects = [
      first!.values.map((value) => select(first!.kind, [value], firstConditions)).join(' UNION '),
      ...others.map(({ kind, values }) => select(kind, values)),
    ];
    const tagKeys = selects.join(' INTERSECT ');
    const keys = withRecordedAt
      ? `SELECT * FROM (SELECT k.first_day, k.id, r.recorded_at FROM (${tagKeys}) k
          JOIN ${entries} r ON r.id = k.id${model.valid ? ` AND ${model.valid('r.')}` : ''}) w`
      : tagKeys;
    return { withClause, keys, count: `SELECT COUNT(*) FROM (${tagKeys}) k` };
  }

  /**
   * A SELECT of the sort keys of the entries that contain every term. A quoted phrase is looked up
   * by its words in the index and then checked whole in the entry's search text.
   */
  private searchIndex(
    terms: string[],
    active: boolean,
    param: (value: unknown) => string,
    model: ReadModel,
  ): string {
    const status = [...(active ? [`status = 'active'`] : []), ...(model.valid ? [model.valid('')] : [])];
    if (this.database.kind === 'postgres') {
      // Terms of one or two characters from the grams' GIN index (the present only), longer ones
      // from pg_trgm's: both give exactly the rows whose text contains the term.
      const short = (term: string) => !model.valid && Array.from(term).length < 3 && !/\s/.test(term);
      const conditions = [
        ...status,
        ...terms.filter(short).map((term) => `search_grams @> ARRAY[${param(gramToken(term))}]::text[]`),
        ...terms
          .filter((term) => !short(term))
          .map(
            (term) =>
              `search_text LIKE ${param(`%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)} ESCAPE '\\'`,
          ),
      ];
      return `SELECT sort_key FROM ${model.entries} WHERE ${conditions.join(' AND ')}`;
    }
    if (model.valid) {
      // The FTS5 tables index the present only: a past version's text is read from its row.
      const conditions = [...status, ...terms.map((term) => `instr(search_text, ${param(term)}) > 0`)];
      return `SELECT sort_key FROM ${model.entries} WHERE ${conditions.join(' AND ')}`;
    }
    // Search rows are keyed by sort key, negated for retracted entries (see searchKey).
    const [key, range] = active ? ['rowid', ' AND rowid > 0'] : ['abs(rowid)', ''];
    const { trigrams, grams } = searchMatches(indexTerms(terms));
    const indexed = [
      ...(trigrams ? [['timeline_search', trigrams]] : []),
      ...(grams ? [['timeline_search_grams', grams]] : []),
    ]
      .map(
        ([table, match]) => `SELECT ${key} AS k FROM ${table} WHERE ${table} MATCH ${param(match)}${range}`,
      )
      .join(' INTERSECT ');
    const phrases = terms.filter((term) => term.includes(' '));
    if (phrases.length === 0) return indexed;
    return `SELECT x.sort_key FROM (${indexed}) i JOIN timeline_entries x ON x.sort_key = i.k
      WHERE ${phrases.map((phrase) => `instr(x.search_text, ${param(phrase)}) > 0`).join(' AND ')}`;
  }
}

/**
 * Where a query reads: the present (`timeline_entries` and its tags), or the versions that held at
 * log position `at` (`valid_from <= at < valid_until`, see TimelineVersions1795307110000).
 */
interface ReadModel {
  entries: string;
  tags: string;
  /** The condition that picks the version holding then, on columns of this table prefix. */
  valid?: (prefix: string) => string;
  /** The placeholder of that log position. */
  at?: string;
}

function readModel(at: number | undefined, param: (value: unknown) => string): ReadModel {
  if (at === undefined) return { entries: 'timeline_entries', tags: 'timeline_entry_tags' };
  const position = param(at);
  return {
    entries: 'timeline_entry_versions',
    tags: 'timeline_entry_version_tags',
    valid: (p) => `${p}valid_from <= ${position} AND ${p}valid_until > ${position}`,
    at: position,
  };
}

/** The words of the terms, each once: what the SQLite index can look up (phrases are checked whole after). */
function indexTerms(terms: readonly string[]): string[] {
  return [...new Set(terms.flatMap((term) => term.split(' ')))];
}

function tagFilters(filter: TimelineFilter): Array<{ kind: string; values: string[] }> {
  return TAG_FIELDS.flatMap(([kind, field]) => {
    const values = filter[field];
    return values && values.length > 0 ? [{ kind, values }] : [];
  });
}

function hasTagOrDate(filter: TimelineFilter): boolean {
  return tagFilters(filter).length > 0 || Boolean(filter.from) || Boolean(filter.toExclusive);
}

/** The ORDER BY of each sort, on columns of the given table prefix; ids break ties. */
const ORDER_BY: Record<TimelineSort, (prefix: string) => string> = {
  date: (p) => `${p}first_day, ${p}id`,
  'date-desc': (p) => `${p}first_day DESC, ${p}id DESC`,
  'recorded-desc': (p) => `${p}recorded_at DESC, ${p}id DESC`,
};

/** Rows per read of a streamed export: one short query each, well under the loop's 50 ms. */
const EXPORT_PAGE = 500;

/** Larger than any sort key. */
const MAX_KEY = '9223372036854775807';

const TAG_FIELDS = [
  ['actor', 'actors'],
  ['category', 'categories'],
  ['country', 'countries'],
  ['place', 'places'],
] as const;

const PREFIXED_COLUMNS = ENTRY_COLUMNS.split(', ')
  .map((column) => `e.${column}`)
  .join(', ');

function toHistoryItem(event: StoredEvent): HistoryItem {
  const data = event.data;
  const actor = String(event.metadata.actor ?? 'unknown');
  const by =
    typeof event.metadata.actorName === 'string' && event.metadata.actorName
      ? event.metadata.actorName
      : actor === 'seed'
        ? 'Seed import'
        : actor;
  return {
    position: event.position,
    version: event.streamVersion,
    type: event.type,
    recordedAt: event.recordedAt,
    actor,
    by,
    ...(typeof data.reason === 'string' ? { reason: data.reason } : {}),
    ...(event.type === 'EntryAmended' ? { changes: data.changes as Record<string, unknown> } : {}),
    ...(event.type === 'SourceAttached' ? { source: data.source } : {}),
  };
}

/** Facet counts with what a page shows of each value: labels, and a place's name and position. */
function labelFacets(counts: Record<FacetField, FacetCount[]>): TimelineFacets {
  return {
    countries: counts.countries.map((c) => ({
      ...c,
      label: COUNTRIES[c.value as keyof typeof COUNTRIES] ?? c.value,
    })),
    categories: counts.categories.map((c) => ({
      ...c,
      label: CATEGORY_LABELS[c.value as (typeof CATEGORIES)[number]] ?? c.value,
    })),
    actors: counts.actors,
    places: counts.places.flatMap((c) => {
      const place = placeById(c.value);
      return place ? [{ ...c, label: place.name, lat: place.lat, lon: place.lon }] : [];
    }),
  };
}
