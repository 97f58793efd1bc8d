import type { FeedView } from '@app/ingest';

/** Why a feed is flagged on the admin page: it has been failing, or has brought nothing new. */
export type FeedSilence =
  | { silent: false }
  | { silent: true; kind: 'failing'; since: string; message: string }
  | { silent: true; kind: 'quiet'; since: string; message: string };

export interface SilencePolicy {
  failingMs: number;
  quietDays: number;
}

const DAY_MS = 86_400_000;

/**
 * Pure: whether an active feed is silent at `now`. Failing: its polls have failed without a success
 * for FEED_SILENCE_FAILING (counted from its last success, or its registration). Quiet: no new item
 * reached the queue from it for FEED_SILENCE_DAYS (counted from its newest candidate, or its
 * registration). `lastNewItemAt` is the newest candidate from the feed, null when there is none.
 */
export function feedSilence(
  feed: Pick<FeedView, 'status' | 'registeredAt' | 'health'>,
  lastNewItemAt: string | null,
  now: Date,
  policy: SilencePolicy,
): FeedSilence {
  if (feed.status !== 'active') return { silent: false };
  const { health } = feed;
  const okSince = health.lastSuccessAt ?? feed.registeredAt;
  if (health.consecutiveFailures > 0 && now.getTime() - Date.parse(okSince) >= policy.failingMs) {
    return {
      silent: true,
      kind: 'failing',
      since: okSince,
      message: `Failing since ${okSince.slice(0, 16).replace('T', ' ')} UTC (${health.consecutiveFailures} failed polls): ${health.lastError ?? 'no error recorded'}`,
    };
  }
  const newSince = lastNewItemAt ?? feed.registeredAt;
  const quietMs = now.getTime() - Date.parse(newSince);
  if (quietMs >= policy.quietDays * DAY_MS) {
    return {
      silent: true,
      kind: 'quiet',
      since: newSince,
      message: `No new item for ${Math.floor(quietMs / DAY_MS)} days${lastNewItemAt ? '' : ' (none since it was added)'}`,
    };
  }
  return { silent: false };
}
