import type { FeedView } from './feed-view';

/** Why a feed is flagged (the admin page) and reported (operational notices): failing, or quiet. */
export type FeedSilence =
  { silent: false } | { silent: true; kind: FeedSilenceKind; since: string; message: string };

export type FeedSilenceKind = 'failing' | 'quiet';

export interface SilencePolicy {
  failingMs: number;
  quietDays: number;
}

const DAY_MS = 86_400_000;

/**
 * Pure: whether a feed is silent at `now`. Only a polled feed can be: a paused or removed one is
 * silent on purpose. Failing: its polls have failed without a success for FEED_SILENCE_FAILING
 * (counted from its last success, or its registration). Quiet: no poll brought a new candidate for
 * FEED_SILENCE_DAYS (counted from `health.lastNewItemAt`, or its registration). `since` names the
 * episode: the same silence gives the same `since` at every check until the feed recovers.
 */
export function feedSilence(
  feed: Pick<FeedView, 'status' | 'registeredAt' | 'health'>,
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
  const newSince = health.lastNewItemAt ?? feed.registeredAt;
  const quietMs = now.getTime() - Date.parse(newSince);
  if (quietMs >= policy.quietDays * DAY_MS) {
    return {
      silent: true,
      kind: 'quiet',
      since: newSince,
      message: `No new item for ${Math.floor(quietMs / DAY_MS)} days${health.lastNewItemAt ? '' : ' (none since it was added)'}`,
    };
  }
  return { silent: false };
}

/** One stretch of a feed's silence: the same feed, kind and `since` is the same episode. */
export interface SilenceEpisodeKey {
  feedId: string;
  kind: FeedSilenceKind;
  since: string;
}

/**
 * Pure: how the recorded open episodes change given each polled feed's silence now. A feed that is
 * silent in another way (or since another time) than its open episode ends it and begins a new
 * one; a feed no longer silent (recovered, paused, removed: absent from `silences`) ends its own.
 */
export function silenceEpisodeChanges<E extends SilenceEpisodeKey & { id: string }>(
  open: readonly E[],
  silences: ReadonlyMap<string, FeedSilence>,
): { ended: E[]; begun: (SilenceEpisodeKey & { message: string })[] } {
  const ended: E[] = [];
  const begun: (SilenceEpisodeKey & { message: string })[] = [];
  const openByFeed = new Map<string, E[]>();
  for (const episode of open)
    openByFeed.set(episode.feedId, [...(openByFeed.get(episode.feedId) ?? []), episode]);
  for (const episode of open) {
    const now = silences.get(episode.feedId);
    if (!now?.silent || now.kind !== episode.kind || now.since !== episode.since) ended.push(episode);
  }
  for (const [feedId, silence] of silences) {
    if (!silence.silent) continue;
    const same = (openByFeed.get(feedId) ?? []).some(
      (e) => e.kind === silence.kind && e.since === silence.since,
    );
    if (!same) begun.push({ feedId, kind: silence.kind, since: silence.since, message: silence.message });
  }
  return { ended, begun };
}
