import { Database } from '@app/database';
import { EventStore, type StoredEvent } from '@app/event-store';
import { Inject, Injectable } from '@nestjs/common';

import { entryStreamId } from './entry-events';
import { TimelineError } from './timeline.error';
import type { TimelineEntry } from './timeline-entry';
import { compareEntries, matchesFilter, searchTerms, type TimelineFilter } from './timeline-filter';
import { ENTRY_COLUMNS, type EntryRow, fromEntryRow } from './timeline-rows';
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
      const all = (await this.entriesAsOf(asOf)).filter((e) => matchesFilter(e, filter)).sort(compareEntries);
      return {
        entries: all.slice(page.offset, page.offset + page.limit),
        total: all.length,
        ...page,
        asOf: asOf.toISOString(),
      };
    }
    const { where, params } = this.whereClause(filter);
    const n = params.length;
    const [rows, [count]] = await Promise.all([
      this.database.query<EntryRow>(
        `SELECT ${ENTRY_COLUMNS} FROM timeline_entries ${where} ORDER BY first_day, id LIMIT $${n + 1} OFFSET $${n + 2}`,
        [...params, page.limit, page.offset],
      ),
      this.database.query<{ total: number | string }>(
        `SELECT COUNT(*) AS total FROM timeline_entries ${where}`,
        params,
      ),
    ]);
    return { entries: rows.map(fromEntryRow), total: Number(count?.total ?? 0), ...page };
  }

  /** The most recently recorded active entries, newest first (for the Atom feed). */
  async newest(limit: number): Promise<TimelineEntry[]> {
    const rows = await this.database.query<EntryRow>(
      `SELECT ${ENTRY_COLUMNS} FROM timeline_entries WHERE status = 'active' ORDER BY recorded_at DESC, id DESC LIMIT $1`,
      [limit],
    );
    return rows.map(fromEntryRow);
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
      `SELECT t.kind, t.value, COUNT(*) AS n FROM timeline_entry_tags t
       JOIN timeline_entries e ON e.id = t.entry_id AND e.status = 'active'
       GROUP BY t.kind, t.value ORDER BY t.kind, COUNT(*) DESC, t.value`,
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

  private whereClause(filter: TimelineFilter): { where: string; params: unknown[] } {
    const conditions: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (!filter.includeRetracted) conditions.push(`status = 'active'`);
    for (const [kind, values] of [
      ['country', filter.countries],
      ['category', filter.categories],
      ['actor', filter.actors],
    ] as const) {
      if (!values || values.length === 0) continue;
      conditions.push(
        `id IN (SELECT entry_id FROM timeline_entry_tags WHERE kind = ${param(kind)} AND value IN (${values.map(param).join(', ')}))`,
      );
    }
    if (filter.from) conditions.push(`last_day_exclusive > ${param(filter.from)}`);
    if (filter.toExclusive) conditions.push(`first_day < ${param(filter.toExclusive)}`);
    for (const term of searchTerms(filter.q)) {
      const pattern = param(`%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      conditions.push(
        this.database.kind === 'sqlite'
          ? `id IN (SELECT entry_id FROM timeline_search WHERE search_text LIKE ${pattern} ESCAPE '\\')`
          : `search_text LIKE ${pattern} ESCAPE '\\'`,
      );
    }
    return { where: conditions.length ? `WHERE ${conditions.join(' AND ')}` : '', params };
  }
}

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
