import type { Transaction } from '@app/database';
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

/**
 * The timeline read model: one row per entry, its tags (with the entry's status and dates, so
 * filters need not read the entry), and its search text (on SQLite also in two FTS5 tables, keyed
 * by the entry's sort key: see `sortKey`).
 */
@Injectable()
@InlineProjection()
export class TimelineProjection implements Projection {
  readonly name = 'timeline';
  readonly eventTypes = ENTRY_EVENT_TYPES;

  readonly tables = [
    'timeline_entry_version_tags',
    'timeline_entry_versions',
    'timeline_entry_tags',
    'timeline_entries',
  ];

  /** The FTS5 search tables exist on SQLite only (PostgreSQL indexes the column itself). */
  async reset(tx: Transaction): Promise<void> {
    if (tx.kind !== 'sqlite') return;
    for (const table of SEARCH_TABLES) {
      await tx.execute(`INSERT INTO ${table} (${table}) VALUES ('delete-all')`);
    }
  }

  async apply(event: StoredEvent, tx: Transaction): Promise<void> {
    const entryId = String(event.data.entryId);
    const [row] = await tx.query<EntryRow & { sort_key: number | string }>(
      `SELECT ${ENTRY_COLUMNS}, sort_key FROM timeline_entries WHERE id = $1`,
      [entryId],
    );
    const view = applyToView(row ? fromEntryRow(row) : undefined, event);
    if (!view) return;
    let added = event.position;
    if (row) {
      const key = Number(row.sort_key);
      added = addedAt(key);
      await this.remove(tx, entryId, searchKey(key, row.status));
      await this.close(tx, entryId, event.position);
    }
    await this.insert(tx, view, added, event.position);
  }

  /** The entry's current version held until this position (see TimelineVersions1795307110000). */
  private async close(tx: Transaction, entryId: string, position: number): Promise<void> {
    await tx.execute(
      `UPDATE timeline_entry_versions SET valid_until = $1 WHERE id = $2 AND valid_until = ${CURRENT}`,
      [position, entryId],
    );
    await tx.execute(
      `UPDATE timeline_entry_version_tags SET valid_until = $1 WHERE entry_id = $2 AND valid_until = ${CURRENT}`,
      [position, entryId],
    );
  }

  /** `rowid`: the entry's row in the search tables (FTS5 finds a row by rowid without a scan). */
  private async remove(tx: Transaction, entryId: string, rowid: number): Promise<void> {
    await tx.execute('DELETE FROM timeline_entry_tags WHERE entry_id = $1', [entryId]);
    if (tx.kind === 'sqlite') {
      for (const table of SEARCH_TABLES) await tx.execute(`DELETE FROM ${table} WHERE rowid = $1`, [rowid]);
    }
    await tx.execute('DELETE FROM timeline_entries WHERE id = $1', [entryId]);
  }

  /**
   * `added`: the log position of the entry's EntryAdded event; `position`: of the event that made
   * this version, from which it holds.
   */
  private async insert(
    tx: Transaction,
    entry: TimelineEntry,
    added: number,
    position: number,
  ): Promise<void> {
    const { first, lastExclusive } = dateBounds(entry.date);
    const text = searchText(entry);
    const key = sortKey(first, added);
    await tx.execute(
      `INSERT INTO timeline_entries (${ENTRY_COLUMNS}, search_text, sort_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)`,
      [
        entry.id,
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
        entry.version,
        text,
        key,
      ],
    );
    await tx.execute(
      `INSERT INTO timeline_entry_versions (${VERSION_COLUMNS})
       VALUES ($1, $2, $3, ${CURRENT}, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)`,
      [
        entry.id,
        entry.version,
        position,
        key,
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
        text,
      ],
    );
    const tags = [
      ...entry.countries.map((value) => ['country', value]),
      ...entry.categories.map((value) => ['category', value]),
      ...entry.actors.map((value) => ['actor', value]),
      ...entry.places.map((place) => ['place', place.id]),
    ];
    for (const [kind, value] of tags) {
      await tx.execute(
        `INSERT INTO timeline_entry_tags (kind, value, entry_id, entry_sort_key, status, first_day, last_day_exclusive)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [kind, value, entry.id, key, entry.status, first, lastExclusive],
      );
      await tx.execute(
        `INSERT INTO timeline_entry_version_tags
           (kind, value, entry_id, version, valid_from, valid_until, entry_sort_key, status, first_day, last_day_exclusive)
         VALUES ($1, $2, $3, $4, $5, ${CURRENT}, $6, $7, $8, $9)`,
        [kind, value, entry.id, entry.version, position, key, entry.status, first, lastExclusive],
      );
    }
    if (tx.kind === 'sqlite') {
      const [rowid, words] = [searchKey(key, entry.status), searchWords(text)];
      await tx.execute('INSERT INTO timeline_search (rowid, search_text) VALUES ($1, $2)', [rowid, words]);
      await tx.execute('INSERT INTO timeline_search_grams (rowid, grams) VALUES ($1, $2)', [
        rowid,
        searchGrams(words),
      ]);
    }
  }
}

const SEARCH_TABLES = ['timeline_search', 'timeline_search_grams'];

const VERSION_COLUMNS =
  'id, version, valid_from, valid_until, sort_key, title, summary, date_start, date_end, date_precision, ' +
  'first_day, last_day_exclusive, countries, actors, categories, places, sources, status, retraction, ' +
  'recorded_at, updated_at, search_text';

/**
 * Canonical JSON (sorted keys): events read back from PostgreSQL's jsonb have their keys reordered,
 * and a rebuilt row must be byte-identical to the incrementally written one.
 */
function json(value: unknown): string {
  return canonicalize(value) ?? 'null';
}
