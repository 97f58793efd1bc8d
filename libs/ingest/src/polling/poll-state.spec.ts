import {
  afterPoll,
  backoffMs,
  type FeedPollState,
  healthStatus,
  INITIAL_POLL_STATE,
  isDue,
  type PollOutcome,
} from './poll-state';

const MINUTE = 60_000;
const policy = { intervalMs: 15 * MINUTE, maxBackoffMs: 6 * 60 * MINUTE };
const t0 = new Date('2026-03-01T12:00:00.000Z');
const failed: PollOutcome = { kind: 'failed', status: null, error: 'NETWORK: example.org: ENOTFOUND' };

/** Applies outcomes one after another, each poll starting `spacingMs` after the previous one. */
function run(outcomes: PollOutcome[], spacingMs = 0, from: FeedPollState = INITIAL_POLL_STATE) {
  return outcomes.reduce(
    (state, outcome, i) => afterPoll(state, outcome, new Date(t0.getTime() + i * spacingMs), policy),
    from,
  );
}

describe('feed poll state', () => {
  it('records a successful fetch: validators, counts, next poll one interval later', () => {
    const state = run([
      {
        kind: 'fetched',
        status: 200,
        etag: '"v1"',
        lastModified: 'Sun, 01 Mar 2026 11:00:00 GMT',
        newItems: 30,
        proposed: 2,
        corroborated: 1,
        candidates: 3,
      },
    ]);
    expect(state).toEqual({
      ...INITIAL_POLL_STATE,
      etag: '"v1"',
      lastModified: 'Sun, 01 Mar 2026 11:00:00 GMT',
      lastPolledAt: t0.toISOString(),
      lastSuccessAt: t0.toISOString(),
      lastStatus: 200,
      nextPollAt: '2026-03-01T12:15:00.000Z',
      itemsSeen: 30,
      itemsProposed: 2,
      itemsCorroborated: 1,
      lastNewItemAt: t0.toISOString(),
    });
    expect(healthStatus(state, true)).toBe('ok');
    expect(healthStatus(state, true, true)).toBe('paused');
  });

  it('backs off exponentially on repeated failures, capped, and never gives up', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 50].map((n) => backoffMs(n, policy) / MINUTE)).toEqual([
      15, 30, 60, 120, 240, 360, 360, 360,
    ]);
    const state = run([failed, failed, failed]);
    expect(state.consecutiveFailures).toBe(3);
    expect(state.lastError).toBe(failed.error);
    expect(state.lastStatus).toBeNull();
    expect(state.nextPollAt).toBe(new Date(t0.getTime() + 60 * MINUTE).toISOString());
    expect(healthStatus(state, true)).toBe('failing');
  });

  it('keeps the validators through a failure and forgets the failures on the next success', () => {
    const fetched: PollOutcome = {
      kind: 'fetched',
      status: 200,
      etag: '"v1"',
      lastModified: null,
      newItems: 1,
      proposed: 0,
      corroborated: 0,
      candidates: 0,
    };
    const state = run([fetched, failed, { kind: 'not-modified' }]);
    expect(state).toMatchObject({ etag: '"v1"', lastStatus: 304, consecutiveFailures: 0, itemsSeen: 1 });
    // A poll whose new items were all irrelevant brought no new candidate.
    expect(state.lastNewItemAt).toBeNull();
    // The last error stays on record, with its time, for whoever looks at the feed's health.
    expect(state.lastError).toBe(failed.error);
  });

  it('honours Retry-After when it asks for longer than the backoff', () => {
    const long = run([{ kind: 'throttled', status: 429, retryAfterMs: 2 * 60 * MINUTE }]);
    expect(long.nextPollAt).toBe(new Date(t0.getTime() + 120 * MINUTE).toISOString());
    expect(long.lastError).toBe('HTTP 429; asked to wait 7200 s');
    const short = run([{ kind: 'throttled', status: 503, retryAfterMs: 1000 }]);
    expect(short.nextPollAt).toBe(new Date(t0.getTime() + 15 * MINUTE).toISOString());
    const none = run([{ kind: 'throttled', status: 503, retryAfterMs: null }]);
    expect(none.lastError).toBe('HTTP 503');
  });

  it('stops polling a feed that is gone', () => {
    const state = run([{ kind: 'gone' }]);
    expect(state).toMatchObject({ lastStatus: 410, goneAt: t0.toISOString(), nextPollAt: null });
    expect(isDue(state, new Date(t0.getTime() + 24 * 60 * MINUTE), policy.intervalMs)).toBe(false);
    expect(healthStatus(state, false)).toBe('gone');
  });

  it('is due at the first tick, at the next tick after a success, and skips ticks while backing off', () => {
    expect(isDue(INITIAL_POLL_STATE, t0, policy.intervalMs)).toBe(true);
    expect(healthStatus(INITIAL_POLL_STATE, true)).toBe('pending');
    const ok = run([{ kind: 'not-modified' }]);
    // The next tick comes one interval after the last, maybe a moment before nextPollAt.
    expect(isDue(ok, new Date(t0.getTime() + 15 * MINUTE - 500), policy.intervalMs)).toBe(true);
    const backingOff = run([failed, failed]); // next poll 30 minutes after the second failure
    expect(isDue(backingOff, new Date(t0.getTime() + 15 * MINUTE), policy.intervalMs)).toBe(false);
    expect(isDue(backingOff, new Date(t0.getTime() + 30 * MINUTE), policy.intervalMs)).toBe(true);
  });
});
