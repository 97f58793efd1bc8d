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
  sortEntries,
  type TimelineFilter,
} from './timeline-filter';
import { type EntryRow, fromEntryRow } from './timeline-rows';
import { facetStatement, type Page, pageStatement, TAG_FIELDS } from './timeline-statements';
import { applyToView } from './timeline-view';
import { CATEGORIES, CATEGORY_LABELS, COUNTRIES, placeById } from './vocabulary';

export type { Page };

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
 * Reads of the timeline. Lists and facets come from the read model (its versions for a past moment,
 * `asOf`; their SQL is in timeline-statements.ts); an entry's history, and the test oracles
 * (`listByFold`, `facetsByFold`), are folded from the log.
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
    const rows = await this.database.query<{ value: string; n: number | string }>(
      facetStatement(this.database.kind, kind, filter, at),
    );
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

  /** One page of entries, each row with the total (see `pageStatement` for how it is read). */
  private page(
    filter: TimelineFilter,
    page: Page,
    at?: number,
  ): Promise<Array<EntryRow & { total: number | string }>> {
    return this.database.query(pageStatement(this.database.kind, filter, page, at));
  }
}

/** Rows per read of a streamed export: one short query each, well under the loop's 50 ms. */
const EXPORT_PAGE = 500;

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
