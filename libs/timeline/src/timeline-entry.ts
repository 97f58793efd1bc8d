import type { Category, CountryCode, EntryDate } from './vocabulary';

/** Where a source came from: a seed document, a feed item, or a reviewer's own hand. */
export type SourceOrigin =
  | { kind: 'seed'; document: string; locator: string; quote?: string }
  | { kind: 'feed'; feedId: string; itemGuid: string; candidateId?: string }
  | { kind: 'manual'; note?: string };

/** A source an entry cites. */
export interface SourceRef {
  /** Stable within its entry. */
  id: string;
  title: string;
  publisher?: string;
  url?: string;
  /** YYYY-MM-DD when known. */
  publishedAt?: string;
  origin: SourceOrigin;
}

/** One entry of the timeline as readers see it: the current state of its `entry-<id>` stream. */
export interface TimelineEntry {
  id: string;
  title: string;
  summary: string;
  date: EntryDate;
  countries: CountryCode[];
  actors: string[];
  categories: Category[];
  sources: SourceRef[];
  status: 'active' | 'retracted';
  retraction?: { reason: string; by: string; at: string };
  /** When the entry was first recorded, and last changed (ISO times of the log). */
  recordedAt: string;
  updatedAt: string;
  /** The version of its stream. */
  version: number;
}
