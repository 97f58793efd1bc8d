import type { EntryFields } from './entry-fields';
import type { SourceRef } from './timeline-entry';

/** How an entry came to be: from the seed, a reviewed candidate, or a reviewer's own hand. */
export type EntryOrigin =
  { kind: 'seed'; key: string } | { kind: 'candidate'; candidateId: string } | { kind: 'manual' };

/** The events of an `entry-<id>` stream (DESIGN.md section 4). */
export type EntryEvent =
  | { type: 'EntryAdded'; data: EntryFields & { entryId: string; sources: SourceRef[]; origin: EntryOrigin } }
  | { type: 'EntryAmended'; data: { entryId: string; changes: Partial<EntryFields>; reason: string } }
  | { type: 'SourceAttached'; data: { entryId: string; source: SourceRef } }
  /** `undo: true` when it withdraws an approval undone within UNDO_WINDOW (absent otherwise). */
  | { type: 'EntryRetracted'; data: { entryId: string; reason: string; undo?: boolean } };

export type EntryEventType = EntryEvent['type'];
export const ENTRY_EVENT_TYPES: readonly EntryEventType[] = [
  'EntryAdded',
  'EntryAmended',
  'SourceAttached',
  'EntryRetracted',
];

export const entryStreamId = (entryId: string): string => `entry-${entryId}`;
