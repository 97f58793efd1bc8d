import type { Category, CountryCode, EntryDate } from '@app/timeline';

/** A source document the seed dataset cites. */
export interface SeedDocument {
  /** Stable id, referenced by SeedCitation.document. */
  id: string;
  /** File name inside the shared seeds folder. */
  file: string;
  title: string;
  publisher: string;
  author?: string;
  /** YYYY-MM-DD, only when the document itself gives it. */
  publishedAt?: string;
  /** Only when the document itself states it. */
  url?: string;
}

export interface SeedCitation {
  /** SeedDocument.id */
  document: string;
  /** Where in the document, e.g. 'paragraph 3' or 'section "SCO", paragraph 2'. */
  locator: string;
  /** Verbatim excerpt supporting the entry. */
  quote: string;
}

export interface SeedEntry {
  /** Stable kebab-case slug, e.g. 'uz-cn-security-cooperation-plan-2024'. */
  key: string;
  title: string;
  summary: string;
  date: EntryDate;
  countries: CountryCode[];
  /** Canonical ActorDefinition names. */
  actors: string[];
  categories: Category[];
  sources: SeedCitation[];
}

/** Moved to the timeline's vocabulary (ingest and seed share it); re-exported for old importers. */
export type { ActorDefinition } from '@app/timeline';
