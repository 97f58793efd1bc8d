export type FeedFormat = 'rss0.9x' | 'rss1.0' | 'rss2.0' | 'atom' | 'json';

/** One item as the feed wrote it: strings as found (HTML and all), nothing normalised yet. */
export interface RawFeedItem {
  guid: string | null;
  link: string | null;
  title: string | null;
  summary: string | null;
  content: string | null;
  /** The date as written (RFC 822, ISO 8601, epoch seconds…); parsed by normaliseItem. */
  published: string | null;
  author: string | null;
  categories: string[];
}

/** A feed read from bytes: its format, what it says about itself, and its items. */
export interface FeedDocument {
  format: FeedFormat;
  /** The feed's own title, as plain text (tags stripped, entities decoded). */
  title: string | null;
  link: string | null;
  language: string | null;
  items: RawFeedItem[];
  /** The encoding the bytes were decoded with. */
  encoding: string;
  /** What was odd and how it was dealt with (ignored DOCTYPE, repaired XML, bogus encoding…). */
  warnings: string[];
}
