/** Where a feed registration came from. */
export type FeedOrigin = 'api' | 'cli' | 'config';
export const FEED_ORIGINS: readonly FeedOrigin[] = ['api', 'cli', 'config'];

/** What may change about a registered feed (its URL is its identity and never changes). */
export interface FeedChanges {
  title?: string | null;
  language?: string | null;
}

/**
 * The events of a `feed-<id>` stream (DESIGN.md section 4). `by` is who did it: `key:<id>`, `cli`,
 * `config`, or `system:ingest` for what the poller learns (a title) or decides (a feed gone, 410).
 */
export type FeedEvent =
  | {
      type: 'FeedRegistered';
      data: {
        feedId: string;
        url: string;
        title: string | null;
        language: string | null;
        origin: FeedOrigin;
        by: string;
      };
    }
  | { type: 'FeedUpdated'; data: { feedId: string; changes: FeedChanges; by: string } }
  | { type: 'FeedRemoved'; data: { feedId: string; reason: string; by: string } }
  /** Polling stops until FeedResumed; the feed stays registered. */
  | { type: 'FeedPaused'; data: { feedId: string; reason: string; by: string } }
  | { type: 'FeedResumed'; data: { feedId: string; by: string } };

export type FeedEventType = FeedEvent['type'];
export const FEED_EVENT_TYPES: readonly FeedEventType[] = [
  'FeedRegistered',
  'FeedUpdated',
  'FeedRemoved',
  'FeedPaused',
  'FeedResumed',
];

export const feedStreamId = (feedId: string): string => `feed-${feedId}`;
