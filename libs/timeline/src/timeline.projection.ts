import { inChunks, insertRows, join, raw, sql, type Transaction } from '@app/database';
import { InlineProjection, type Projection, type StoredEvent } from '@app/event-store';
import { Injectable } from '@nestjs/common';
import canonicalize from 'canonicalize';

import { ENTRY_EVENT_TYPES } from './entry-events';
import { dateBounds } from './entry-fields';
import type { TimelineEntry } from './timeline-entry';
import {
  addedAt,
  CURRENT,
  ENTRY_COLUMNS,
  type EntryRow,
  fromEntryRow,
  searchGrams,
  searchKey,
  searchWords,
  sortKey,
} from './timeline-rows';
import { applyToView, searchText } from './timeline-view';

/** One version of an entry as the read model stores it: from which log position it holds, until which. */
interface Version {
  view: TimelineEntry;
  /** The log position of the entry's EntryAdded event (its sort key's tie-breaker). */
  added: number;
  from: number;
  until: number;
}

/** What a version's rows are made of, worked out once per version (a row of each table uses them). */
interface Derived {
  version: Version;
  key: number;
  first: string;
  lastExclusive: string;
  fields: unknown[];
  searchText: string;
}

/** The entry as read from its row, with what removing that row takes. */
interface Existing {
  view: TimelineEntry;
  added: number;
  searchRowid: number;
}

/**
 * The timeline read model: one row per entry, its tags (with the entry's status and dates, so
 * filters need not read the entry), and its search text (on SQLite also in two FTS5 tables, keyed
 * by the entry's sort key: see `sortKey`); and every version of every entry with its tags, with the
 * log positions from which and until which it held (time travel, see TimelineVersions1795307110000).
 */
@Injectable()
@InlineProjection()
export class TimelineProjection implements Projection {
  readonly name = 'timeline';
  readonly eventTypes = ENTRY_EVENT_TYPES;
  readonly writesByPrimaryKey = true;

  readonly tables = [
    'timeline_entry_version_tags',
    'timeline_entry_versions',
    'timeline_entry_tags',
    'timeline_entries',
  ];

  /** The vocabulary of search words (TimelineSearchWordsPostgres1795308100000). */
  readonly postgresTables = ['timeline_search_vocabulary'];

  /** The FTS5 search tables exist on SQLite only, the vocabulary of search words on PostgreSQL only. */
  async reset(tx: Transaction): Promise<void> {
    if (tx.kind !== 'sqlite') {
      for (const table of this.postgresTables) await tx.execute(`DELETE FROM ${table}`);
      return;
    }
    for (const table of SEARCH_TABLES) {
      await tx.execute(`INSERT INTO ${table} (${table}) VALUES ('delete-all')`);
    }
  }

  async apply(event: StoredEvent, tx: Transaction): Promise<void> {
    await this.applyBatch([event], tx);
  }

  /**
   * Events in log order, folded in memory per entry and written with one multi-row INSERT per table
   * (issue 13: `rebuild` at 100,000 entries). The rows are exactly those one `apply` per event writes.
   */
  async applyBatch(events: readonly StoredEvent[], tx: Transaction): Promise<void> {
    const ids = [...new Set(events.map((event) => String(event.data.entryId)))];
    const existing = await this.read(tx, ids);
    const latest = new Map<string, { view: TimelineEntry; added: number }>();
    for (const [id, row] of existing) latest.set(id, row);
    const versions = new Map<string, Version[]>();
    for (const event of events) {
      const id = String(event.data.entryId);
      const before = latest.get(id);
      const view = applyToView(before?.view, event);
      if (!view) continue;
      const added = before?.added ?? event.position;
      latest.set(id, { view, added });
      const list = versions.get(id) ?? [];
      const previous = list[list.length - 1];
      if (previous) previous.until = event.position;
      list.push({ view, added, from: event.position, until: Number(CURRENT) });
      versions.set(id, list);
    }
    if (versions.size === 0) return;

    for (const [id, list] of versions) {
      const row = existing.get(id);
      if (row) await this.remove(tx, row, list[0]!.from);
    }
    const lists = [...versions.values()].map((list) => list.map(derive));
    const current = lists.map((list) => list[list.length - 1]!);
    const all = lists.flat();
    if (tx.kind === 'postgres') {
      // PostgreSQL's indexes of one- and two-character terms (TimelineSearchGramsPostgres1795307120000)
      // and of longer ones (TimelineSearchWordsPostgres1795308100000).
      const words = current.map((row) => searchWords(row.searchText));
      const wordLists = words.map((text) => text.split('\n').filter(Boolean));
      const rows = current.map((row, i) => [
        ...entryRow(row),
        searchGrams(words[i]!).split(' ').filter(Boolean),
        wordLists[i]!,
      ]);
      await insertRows(
        tx,
        'timeline_entries',
        `${ENTRY_COLUMNS}, search_text, sort_key, search_grams, search_words`,
        rows,
      );
      const vocabulary = [...new Set(wordLists.flat())];
      await insertRows(
        tx,
        'timeline_search_vocabulary',
        'word',
        vocabulary.map((word) => [word]),
        sql`ON CONFLICT (word) DO NOTHING`,
      );
    } else {
      await insertRows(
        tx,
        'timeline_entries',
        `${ENTRY_COLUMNS}, search_text, sort_key`,
        current.map(entryRow),
      );
    }
    await insertRows(tx, 'timeline_entry_tags', TAG_COLUMNS, current.flatMap(tagRows));
    await insertRows(tx, 'timeline_entry_versions', VERSION_COLUMNS, all.map(versionRow));
    await insertRows(tx, 'timeline_entry_version_tags', VERSION_TAG_COLUMNS, all.flatMap(versionTagRows));
    if (tx.kind === 'sqlite') {
      // In rowid order: FTS5 writes its pending terms out as a new segment whenever a rowid is not
      // above the last one inserted, so unordered rows (sort keys follow dates) cost a segment each.
      const search = current
        .map((row) => ({
          rowid: searchKey(row.key, row.version.view.status),
          words: searchWords(row.searchText),
        }))
        .sort((a, b) => a.rowid - b.rowid);
      await insertRows(
        tx,
        'timeline_search',
        'rowid, search_text',
        search.map((s) => [s.rowid, s.words]),
      );
      await insertRows(
        tx,
        'timeline_search_grams',
        'rowid, grams',
        search.map((s) => [s.rowid, searchGrams(s.words)]),
      );
    }
  }

  private async read(tx: Transaction, ids: readonly string[]): Promise<Map<string, Existing>> {
    const existing = new Map<string, Existing>();
    for (const chunk of inChunks(ids)) {
      const rows = await tx.query<EntryRow & { sort_key: number | string }>(
        sql`SELECT ${raw(ENTRY_COLUMNS)}, sort_key FROM timeline_entries WHERE id IN (${join(chunk)})`,
      );
      for (const row of rows) {
        const key = Number(row.sort_key);
        existing.set(row.id, {
          view: fromEntryRow(row),
          added: addedAt(key),
          searchRowid: searchKey(key, row.status),
        });
      }
    }
    return existing;
  }

  /**
   * The entry's present rows go, its current version and tags held until `until`. Every row is
   * found by its primary key (its tags are those of the entry as read; its search rows, which FTS5
   * finds without a scan, are keyed by `searchRowid`): a rebuild builds the other indexes only after
   * the replay (`writesByPrimaryKey`).
   */
  private async remove(tx: Transaction, { view, searchRowid }: Existing, until: number): Promise<void> {
    for (const [kind, value] of tagsOf(view)) {
      await tx.execute('DELETE FROM timeline_entry_tags WHERE kind = $1 AND value = $2 AND entry_id = $3', [
        kind,
        value,
        view.id,
      ]);
      await tx.execute(
        `UPDATE timeline_entry_version_tags SET valid_until = $1
         WHERE kind = $2 AND value = $3 AND entry_id = $4 AND version = $5`,
        [until, kind, value, view.id, view.version],
      );
    }
    if (tx.kind === 'sqlite') {
      for (const table of SEARCH_TABLES)
        await tx.execute(`DELETE FROM ${table} WHERE rowid = $1`, [searchRowid]);
    }
    await tx.execute('DELETE FROM timeline_entries WHERE id = $1', [view.id]);
    await tx.execute('UPDATE timeline_entry_versions SET valid_until = $1 WHERE id = $2 AND version = $3', [
      until,
      view.id,
      view.version,
    ]);
  }
}

const SEARCH_TABLES = ['timeline_search', 'timeline_search_grams'];

const TAG_COLUMNS = 'kind, value, entry_id, entry_sort_key, status, first_day, last_day_exclusive';
const VERSION_COLUMNS =
  'id, version, valid_from, valid_until, sort_key, title, summary, date_start, date_end, date_precision, ' +
  'first_day, last_day_exclusive, countries, actors, categories, places, sources, status, retraction, ' +
  'recorded_at, updated_at, search_text';
const VERSION_TAG_COLUMNS =
  'kind, value, entry_id, version, valid_from, valid_until, entry_sort_key, status, first_day, last_day_exclusive';

function derive(version: Version): Derived {
  const { view: entry, added } = version;
  const { first, lastExclusive } = dateBounds(entry.date);
  return {
    version,
    key: sortKey(first, added),
    first,
    lastExclusive,
    fields: fieldValues(entry, first, lastExclusive),
    searchText: searchText(entry),
  };
}

/** The values of ENTRY_COLUMNS, search_text and sort_key. */
function entryRow({ version, key, fields, searchText }: Derived): unknown[] {
  const { view: entry } = version;
  return [entry.id, ...fields, entry.version, searchText, key];
}

/** The values of a version row: which version, the log positions it held between, then its fields. */
function versionRow({ version, key, fields, searchText }: Derived): unknown[] {
  const { view: entry } = version;
  return [entry.id, entry.version, version.from, version.until, key, ...fields, searchText];
}

/** The entry's own columns, title to updated_at, in the order both tables have them. */
function fieldValues(entry: TimelineEntry, first: string, lastExclusive: string): unknown[] {
  return [
    entry.title,
    entry.summary,
    entry.date.start,
    entry.date.end ?? null,
    entry.date.precision,
    first,
    lastExclusive,
    json(entry.countries),
    json(entry.actors),
    json(entry.categories),
    json(entry.places),
    json(entry.sources),
    entry.status,
    entry.retraction ? json(entry.retraction) : null,
    entry.recordedAt,
    entry.updatedAt,
  ];
}

function tagsOf(entry: TimelineEntry): Array<[string, string]> {
  return [
    ...entry.countries.map((value): [string, string] => ['country', value]),
    ...entry.categories.map((value): [string, string] => ['category', value]),
    ...entry.actors.map((value): [string, string] => ['actor', value]),
    ...entry.places.map((place): [string, string] => ['place', place.id]),
  ];
}

function tagRows({ version, key, first, lastExclusive }: Derived): unknown[][] {
  const { view: entry } = version;
  return tagsOf(entry).map(([kind, value]) => [
    kind,
    value,
    entry.id,
    key,
    entry.status,
    first,
    lastExclusive,
  ]);
}

function versionTagRows({ version, key, first, lastExclusive }: Derived): unknown[][] {
  const { view: entry } = version;
  return tagsOf(entry).map(([kind, value]) => [
    kind,
    value,
    entry.id,
    entry.version,
    version.from,
    version.until,
    key,
    entry.status,
    first,
    lastExclusive,
  ]);
}

/**
 * Canonical JSON (sorted keys): events read back from PostgreSQL's jsonb have their keys reordered,
 * and a rebuilt row must be byte-identical to the incrementally written one.
 */
function json(value: unknown): string {
  return canonicalize(value) ?? 'null';
}
