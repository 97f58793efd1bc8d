import type { Category, CountryCode, EntryDate, Place } from './vocabulary';

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
  /** A few lines of what the source says (a feed item's excerpt), for search. */
  excerpt?: string;
  origin: SourceOrigin;
}

/** One passage an entry quotes from a source: where in it, and the words (seed documents). */
export interface SourceQuote {
  /** The id of the cited SourceRef it came from. */
  sourceId: string;
  locator: string;
  text: string;
}

/**
 * A source as readers see it: each document once, however many times the entry quotes it. It is
 * the first citation of that document (its `id` and `origin`) with every quote of it, in order.
 * A view-level fold (see `citeSources`): the events keep one SourceRef per citation.
 */
export interface CitedSource extends SourceRef {
  quotes: SourceQuote[];
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
  /** Where it happened, from the gazetteer (`[]` for entries recorded before places existed). */
  places: Place[];
  /** Each source once, with all its quotes. */
  sources: CitedSource[];
  status: 'active' | 'retracted';
  retraction?: { reason: string; by: string; at: string };
  /** When the entry was first recorded, and last changed (ISO times of the log). */
  recordedAt: string;
  updatedAt: string;
  /** The version of its stream. */
  version: number;
}
