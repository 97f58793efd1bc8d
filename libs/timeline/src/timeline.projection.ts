import type { Transaction } from '@app/database';
import { InlineProjection, type Projection, type StoredEvent } from '@app/event-store';
import { Injectable } from '@nestjs/common';
import canonicalize from 'canonicalize';

import { ENTRY_EVENT_TYPES } from './entry-events';
import { dateBounds } from './entry-fields';
import type { TimelineEntry } from './timeline-entry';
import { ENTRY_COLUMNS, type EntryRow, fromEntryRow } from './timeline-rows';
import { applyToView, searchText } from './timeline-view';

/** The timeline read model: one row per entry, its tags, and its search text. */
@Injectable()
@InlineProjection()
export class TimelineProjection implements Projection {
  readonly name = 'timeline';
  readonly eventTypes = ENTRY_EVENT_TYPES;

  readonly tables = ['timeline_entry_tags', 'timeline_entries'];

  /** The FTS5 search table exists on SQLite only (PostgreSQL indexes the column itself). */
  async reset(tx: Transaction): Promise<void> {
    if (tx.kind === 'sqlite') await tx.execute('DELETE FROM timeline_search');
  }

  async apply(event: StoredEvent, tx: Transaction): Promise<void> {
    const entryId = String(event.data.entryId);
    const [row] = await tx.query<EntryRow>(`SELECT ${ENTRY_COLUMNS} FROM timeline_entries WHERE id = $1`, [
      entryId,
    ]);
    const view = applyToView(row ? fromEntryRow(row) : undefined, event);
    if (!view) return;
    if (row) await this.remove(tx, entryId);
    await this.insert(tx, view);
  }

  private async remove(tx: Transaction, entryId: string): Promise<void> {
    await tx.execute('DELETE FROM timeline_entry_tags WHERE entry_id = $1', [entryId]);
    if (tx.kind === 'sqlite') await tx.execute('DELETE FROM timeline_search WHERE entry_id = $1', [entryId]);
    await tx.execute('DELETE FROM timeline_entries WHERE id = $1', [entryId]);
  }

  private async insert(tx: Transaction, entry: TimelineEntry): Promise<void> {
    const { first, lastExclusive } = dateBounds(entry.date);
    const text = searchText(entry);
    await tx.execute(
      `INSERT INTO timeline_entries (${ENTRY_COLUMNS}, search_text)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
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
        json(entry.sources),
        entry.status,
        entry.retraction ? json(entry.retraction) : null,
        entry.recordedAt,
        entry.updatedAt,
        entry.version,
        text,
      ],
    );
    const tags = [
      ...entry.countries.map((value) => ['country', value]),
      ...entry.categories.map((value) => ['category', value]),
      ...entry.actors.map((value) => ['actor', value]),
    ];
    for (const [kind, value] of tags) {
      await tx.execute('INSERT INTO timeline_entry_tags (kind, value, entry_id) VALUES ($1, $2, $3)', [
        kind,
        value,
        entry.id,
      ]);
    }
    if (tx.kind === 'sqlite') {
      await tx.execute('INSERT INTO timeline_search (entry_id, search_text) VALUES ($1, $2)', [
        entry.id,
        text,
      ]);
    }
  }
}

/**
 * Canonical JSON (sorted keys): events read back from PostgreSQL's jsonb have their keys reordered,
 * and a rebuilt row must be byte-identical to the incrementally written one.
 */
function json(value: unknown): string {
  return canonicalize(value) ?? 'null';
}
