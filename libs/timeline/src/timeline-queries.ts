import { Database } from '@app/database';
import { EventStore, type StoredEvent } from '@app/event-store';
import { Inject, Injectable } from '@nestjs/common';

import { entryStreamId } from './entry-events';
import type { ExportSource } from './export/export-stream';
import { TimelineError } from './timeline.error';
import type { TimelineEntry } from './timeline-entry';
import { matchesFilter, searchTerms, sortByTimeline, type TimelineFilter } from './timeline-filter';
import {
  ENTRY_COLUMNS,
  type EntryRow,
  fromEntryRow,
  searchMatches,
  SORT_KEYS_PER_DAY,
} from './timeline-rows';
import { applyToView } from './timeline-view';
import { CATEGORIES, CATEGORY_LABELS, COUNTRIES } from './vocabulary';

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

/** One event of an entry's history, as a reader sees it: what changed, who did it, and why. */
export interface HistoryItem {
  position: number;
  version: number;
  type: string;
  recordedAt: string;
  actor: string;
  reason?: string;
  changes?: Record<string, unknown>;
  source?: unknown;
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
    if (asOf) {
      const all = sortByTimeline((await this.entriesAsOf(asOf)).filter((e) => matchesFilter(e, filter)));
      return {
        entries: all.slice(page.offset, page.offset + page.limit),
        total: all.length,
        ...page,
        asOf: asOf.toISOString(),
      };
    }
    const rows = await this.page(filter, page);
    // Past the last page there is no row to carry the total: ask for the first row instead.
    const [first] =
      rows.length === 0 && page.offset > 0 ? await this.page(filter, { limit: 1, offset: 0 }) : rows;
    return { entries: rows.map(fromEntryRow), total: Number(first?.total ?? 0), ...page };
  }

  /** The most recently recorded active entries, newest first (for the Atom feed). */
  async newest(limit: number): Promise<TimelineEntry[]> {
    const rows = await this.database.query<EntryRow>(
      `SELECT ${ENTRY_COLUMNS} FROM timeline_entries WHERE status = 'active' ORDER BY recorded_at DESC, id DESC LIMIT $1`,
      [limit],
    );
    return rows.map(fromEntryRow);
  }

  /**
   * Every matching entry in timeline order, read a page at a time (for streamed exports): the
   * total comes with the first page. A past moment is folded once and handed out in pages too.
   */
  async exportSource(filter: TimelineFilter, asOf?: Date, pageSize = EXPORT_PAGE): Promise<ExportSource> {
    if (asOf) {
      const all = sortByTimeline((await this.entriesAsOf(asOf)).filter((e) => matchesFilter(e, filter)));
      return { total: all.length, pages: inPages(all, pageSize) };
    }
    const first = await this.list(filter, { limit: pageSize, offset: 0 });
    const pages = async function* (this: TimelineQueries) {
      yield first.entries;
      for (let offset = pageSize; offset < first.total; offset += pageSize) {
        const { entries } = await this.list(filter, { limit: pageSize, offset });
        if (entries.length === 0) return;
        yield entries;
      }
    };
    return { total: first.total, pages: pages.call(this) };
  }

  /** Every matching entry, in timeline order (for exports). */
  async all(filter: TimelineFilter, asOf?: Date): Promise<TimelineEntry[]> {
    return (await this.list(filter, { limit: 1_000_000, offset: 0 }, asOf)).entries;
  }

  async get(entryId: string, asOf?: Date): Promise<{ entry: TimelineEntry; history: HistoryItem[] }> {
    const upTo = asOf ? await this.events.positionAt(asOf) : undefined;
    const stream = await this.events.readStream(entryStreamId(entryId), { upToPosition: upTo });
    const entry = stream.reduce<TimelineEntry | undefined>(applyToView, undefined);
    if (!entry) throw new TimelineError('ENTRY_NOT_FOUND', `No entry ${entryId}`, { entryId });
    return { entry, history: stream.map(toHistoryItem) };
  }

  /** How many active entries carry each country, category and actor: the filters a page offers. */
  async facets() {
    const rows = await this.database.query<{ kind: string; value: string; n: number | string }>(
      `SELECT kind, value, COUNT(*) AS n FROM timeline_entry_tags WHERE status = 'active'
       GROUP BY kind, value ORDER BY kind, COUNT(*) DESC, value`,
    );
    const of = (kind: string) =>
      rows.filter((r) => r.kind === kind).map((r) => ({ value: r.value, count: Number(r.n) }));
    return {
      countries: of('country').map((c) => ({
        ...c,
        label: COUNTRIES[c.value as keyof typeof COUNTRIES] ?? c.value,
      })),
      categories: of('category').map((c) => ({
        ...c,
        label: CATEGORY_LABELS[c.value as (typeof CATEGORIES)[number]],
      })),
      actors: of('actor'),
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
  private page(filter: TimelineFilter, page: Page): Promise<Array<EntryRow & { total: number | string }>> {
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const sqlite = this.database.kind === 'sqlite';
    const active = !filter.includeRetracted;
    const terms = searchTerms(filter.q);
    const dates = [
      ...(filter.from ? [`last_day_exclusive > ${param(filter.from)}`] : []),
      ...(filter.toExclusive ? [`first_day < ${param(filter.toExclusive)}`] : []),
    ];
    const tagged = TAG_FIELDS.flatMap(([kind, field]) => {
      const values = filter[field];
      return values && values.length > 0 ? [{ kind, values }] : [];
    });
    const status = active ? [`status = 'active'`] : [];
    const where = (conditions: string[]) => (conditions.length ? `WHERE ${conditions.join(' AND ')}` : '');
    const statement = (withClause: string, keys: string, count: string) =>
      `${withClause} SELECT ${PREFIXED_COLUMNS}, (${count}) AS total
       FROM (${keys} ORDER BY first_day, id LIMIT ${param(page.limit)} OFFSET ${param(page.offset)}) p
       JOIN timeline_entries e ON e.id = p.id
       ORDER BY e.first_day, e.id`;
    const run = (sql: string) => this.database.query<EntryRow & { total: number | string }>(sql, params);

    const search = sqlite ? searchMatches(terms) : {};
    if (tagged.length === 0 && dates.length === 0 && Boolean(search.trigrams) !== Boolean(search.grams)) {
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

    const matches = terms.length > 0 ? this.searchIndex(terms, active, param) : undefined;
    const withClause = matches ? `WITH matches (k) AS MATERIALIZED (${matches})` : '';
    // On SQLite, `+` keeps the planner from looking entries up by key from `matches` and sorting
    // them all: the date order of a narrow index, probing `matches`, finds the first page sooner.
    const inMatches = (column: string) => `${sqlite ? '+' : ''}${column} IN (SELECT k FROM matches)`;
    if (tagged.length === 0) {
      const conditions = [...status, ...dates, ...(matches ? [inMatches('sort_key')] : [])];
      const count =
        matches && dates.length === 0
          ? 'SELECT COUNT(*) FROM matches'
          : `SELECT COUNT(*) FROM timeline_entries ${where(conditions)}`;
      return run(
        statement(withClause, `SELECT first_day, id FROM timeline_entries ${where(conditions)}`, count),
      );
    }
    // Compound SELECTs group from the left: (first field's values, united) ∩ second field ∩ third.
    // The first field, with the fewest values, carries the date and text conditions, and is one
    // SELECT per value, so that SQLite merges them in index order instead of sorting them all.
    const [first, ...others] = [...tagged].sort((a, b) => a.values.length - b.values.length);
    const select = (kind: string, values: string[], extra: string[] = []) =>
      `SELECT first_day, entry_id AS id FROM timeline_entry_tags ${where([
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
    const keys = selects.join(' INTERSECT ');
    return run(statement(withClause, keys, `SELECT COUNT(*) FROM (${keys}) k`));
  }

  /** A SELECT of the sort keys of the entries that contain every term. */
  private searchIndex(terms: string[], active: boolean, param: (value: unknown) => string): string {
    if (this.database.kind === 'postgres') {
      const conditions = [
        ...(active ? [`status = 'active'`] : []),
        ...terms.map(
          (term) => `search_text LIKE ${param(`%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)} ESCAPE '\\'`,
        ),
      ];
      return `SELECT sort_key FROM timeline_entries WHERE ${conditions.join(' AND ')}`;
    }
    // Search rows are keyed by sort key, negated for retracted entries (see searchKey).
    const [key, range] = active ? ['rowid', ' AND rowid > 0'] : ['abs(rowid)', ''];
    const { trigrams, grams } = searchMatches(terms);
    return [
      ...(trigrams ? [['timeline_search', trigrams]] : []),
      ...(grams ? [['timeline_search_grams', grams]] : []),
    ]
      .map(([table, match]) => `SELECT ${key} FROM ${table} WHERE ${table} MATCH ${param(match)}${range}`)
      .join(' INTERSECT ');
  }
}

/** Rows per read of a streamed export: one short query each, well under the loop's 50 ms. */
const EXPORT_PAGE = 500;

async function* inPages(entries: TimelineEntry[], size: number): AsyncGenerator<TimelineEntry[]> {
  for (let offset = 0; offset < entries.length; offset += size) {
    yield entries.slice(offset, offset + size);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Larger than any sort key. */
const MAX_KEY = '9223372036854775807';

const TAG_FIELDS = [
  ['actor', 'actors'],
  ['category', 'categories'],
  ['country', 'countries'],
] as const;

const PREFIXED_COLUMNS = ENTRY_COLUMNS.split(', ')
  .map((column) => `e.${column}`)
  .join(', ');

function toHistoryItem(event: StoredEvent): HistoryItem {
  const data = event.data;
  return {
    position: event.position,
    version: event.streamVersion,
    type: event.type,
    recordedAt: event.recordedAt,
    actor: String(event.metadata.actor ?? 'unknown'),
    ...(typeof data.reason === 'string' ? { reason: data.reason } : {}),
    ...(event.type === 'EntryAmended' ? { changes: data.changes as Record<string, unknown> } : {}),
    ...(event.type === 'SourceAttached' ? { source: data.source } : {}),
  };
}
