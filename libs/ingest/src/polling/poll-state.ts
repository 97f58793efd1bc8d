/**
 * A feed's polling state: operational, not history (DESIGN.md section 4), so it lives in the
 * `feed_state` table, not in the log. The transitions are pure and tested without infrastructure.
 */
export interface FeedPollState {
  etag: string | null;
  lastModified: string | null;
  lastPolledAt: string | null;
  lastSuccessAt: string | null;
  /** The last HTTP status received; null when the last poll got no answer at all. */
  lastStatus: number | null;
  lastError: string | null;
  lastErrorAt: string | null;
  consecutiveFailures: number;
  /** Not polled before this time (backoff, Retry-After); null: at the next opportunity. */
  nextPollAt: string | null;
  itemsSeen: number;
  itemsProposed: number;
  itemsCorroborated: number;
  /** When the publisher answered 410 Gone. */
  goneAt: string | null;
  /**
   * What a poll that succeeded found wrong (a flood of near-identical items, items the database
   * refused), and when: kept until a later poll finds something else.
   */
  lastWarning: string | null;
  lastWarningAt: string | null;
  /** When a poll last brought a new candidate (proposed or borderline): what feed silence reads. */
  lastNewItemAt: string | null;
}

export const INITIAL_POLL_STATE: FeedPollState = {
  etag: null,
  lastModified: null,
  lastPolledAt: null,
  lastSuccessAt: null,
  lastStatus: null,
  lastError: null,
  lastErrorAt: null,
  consecutiveFailures: 0,
  nextPollAt: null,
  itemsSeen: 0,
  itemsProposed: 0,
  itemsCorroborated: 0,
  goneAt: null,
  lastWarning: null,
  lastWarningAt: null,
  lastNewItemAt: null,
};

/** How one poll ended. */
export type PollOutcome =
  | {
      kind: 'fetched';
      status: number;
      etag: string | null;
      lastModified: string | null;
      newItems: number;
      proposed: number;
      corroborated: number;
      /** New candidates, proposed or borderline (`proposed` counts only those above the threshold). */
      candidates: number;
      /** What was wrong although the document was read (see FeedPollState.lastWarning). */
      warning?: string | null;
    }
  | { kind: 'not-modified' }
  | { kind: 'throttled'; status: number; retryAfterMs: number | null }
  | { kind: 'gone' }
  | { kind: 'failed'; status: number | null; error: string };

export interface PollPolicy {
  intervalMs: number;
  /** The longest backoff after repeated failures (never less than the interval). */
  maxBackoffMs: number;
}

/** Backoff never grows past six hours: a feed that comes back is picked up the same day. */
export const MAX_BACKOFF_MS = 6 * 3_600_000;

/**
 * The wait after the n-th failure in a row: the interval, doubled for each further failure, capped.
 * The feed is never given up: it is tried again at least every `maxBackoffMs`.
 */
export function backoffMs(failures: number, policy: PollPolicy): number {
  const cap = Math.max(policy.intervalMs, policy.maxBackoffMs);
  const exponent = Math.min(Math.max(failures - 1, 0), 30);
  return Math.min(policy.intervalMs * 2 ** exponent, cap);
}

/** The state after a poll that started at `startedAt`. */
export function afterPoll(
  state: FeedPollState,
  outcome: PollOutcome,
  startedAt: Date,
  policy: PollPolicy,
): FeedPollState {
  const at = startedAt.toISOString();
  const after = (ms: number) => new Date(startedAt.getTime() + ms).toISOString();
  switch (outcome.kind) {
    case 'fetched':
      return {
        ...state,
        etag: outcome.etag,
        lastModified: outcome.lastModified,
        lastPolledAt: at,
        lastSuccessAt: at,
        lastStatus: outcome.status,
        consecutiveFailures: 0,
        nextPollAt: after(policy.intervalMs),
        itemsSeen: state.itemsSeen + outcome.newItems,
        itemsProposed: state.itemsProposed + outcome.proposed,
        itemsCorroborated: state.itemsCorroborated + outcome.corroborated,
        ...(outcome.warning ? { lastWarning: outcome.warning, lastWarningAt: at } : {}),
        ...(outcome.candidates > 0 ? { lastNewItemAt: at } : {}),
      };
    case 'not-modified':
      return {
        ...state,
        lastPolledAt: at,
        lastSuccessAt: at,
        lastStatus: 304,
        consecutiveFailures: 0,
        nextPollAt: after(policy.intervalMs),
      };
    case 'throttled': {
      const failures = state.consecutiveFailures + 1;
      const wait = Math.max(outcome.retryAfterMs ?? 0, backoffMs(failures, policy));
      const asked =
        outcome.retryAfterMs === null ? '' : `; asked to wait ${Math.round(outcome.retryAfterMs / 1000)} s`;
      return {
        ...state,
        lastPolledAt: at,
        lastStatus: outcome.status,
        lastError: `HTTP ${outcome.status}${asked}`,
        lastErrorAt: at,
        consecutiveFailures: failures,
        nextPollAt: after(wait),
      };
    }
    case 'gone':
      return {
        ...state,
        lastPolledAt: at,
        lastStatus: 410,
        lastError: 'HTTP 410 Gone: the publisher has withdrawn this feed; polling stopped',
        lastErrorAt: at,
        goneAt: at,
        nextPollAt: null,
      };
    case 'failed': {
      const failures = state.consecutiveFailures + 1;
      return {
        ...state,
        // A transport failure keeps the validators: the feed did not change by failing.
        lastPolledAt: at,
        lastStatus: outcome.status,
        lastError: outcome.error,
        lastErrorAt: at,
        consecutiveFailures: failures,
        nextPollAt: after(backoffMs(failures, policy)),
      };
    }
  }
}

/**
 * Whether a scheduler tick at `now` should poll. Ticks come every interval; a poll is due when its
 * time falls before the middle of the coming interval, so a tick a little early still polls, and a
 * backoff of k intervals skips k − 1 ticks.
 */
export function isDue(state: FeedPollState, now: Date, intervalMs: number): boolean {
  if (state.goneAt) return false;
  if (!state.nextPollAt) return true;
  return Date.parse(state.nextPollAt) <= now.getTime() + intervalMs / 2;
}

export type FeedHealthStatus = 'pending' | 'ok' | 'failing' | 'gone' | 'removed' | 'paused';

/** One word for the feed's health: what a person scanning the list needs first. */
export function healthStatus(state: FeedPollState, active: boolean, paused = false): FeedHealthStatus {
  if (state.goneAt) return 'gone';
  if (!active) return 'removed';
  if (paused) return 'paused';
  if (state.consecutiveFailures > 0) return 'failing';
  return state.lastSuccessAt ? 'ok' : 'pending';
}
