import { feedSilence, silenceEpisodeChanges } from './feed-silence';
import type { FeedHealth } from './feed-view';

const policy = { failingMs: 24 * 3_600_000, quietDays: 14 };
const now = new Date('2026-03-20T12:00:00.000Z');
const health = (over: Partial<FeedHealth> = {}): FeedHealth => ({
  status: 'ok',
  lastPolledAt: '2026-03-20T11:45:00.000Z',
  lastSuccessAt: '2026-03-20T11:45:00.000Z',
  lastHttpStatus: 200,
  lastError: null,
  lastErrorAt: null,
  consecutiveFailures: 0,
  nextPollAt: null,
  itemsSeen: 40,
  itemsProposed: 3,
  itemsCorroborated: 0,
  lastWarning: null,
  lastWarningAt: null,
  lastNewItemAt: null,
  ...over,
});
const feed = (over: Partial<FeedHealth> = {}, registeredAt = '2026-01-01T00:00:00.000Z') => ({
  status: 'active' as const,
  registeredAt,
  health: health(over),
});

describe('feed silence', () => {
  it('flags a feed failing for FEED_SILENCE_FAILING since its last success, not one failing for less', () => {
    const failing = {
      consecutiveFailures: 9,
      lastError: 'HTTP 503',
      lastSuccessAt: '2026-03-19T11:59:00.000Z',
    };
    expect(
      feedSilence(feed({ ...failing, lastNewItemAt: '2026-03-19T10:00:00.000Z' }), now, policy),
    ).toMatchObject({
      silent: true,
      kind: 'failing',
      since: '2026-03-19T11:59:00.000Z',
      message: expect.stringContaining('HTTP 503') as string,
    });
    const recent = { ...failing, lastSuccessAt: '2026-03-19T12:01:00.000Z' };
    expect(feedSilence(feed({ ...recent, lastNewItemAt: '2026-03-19T10:00:00.000Z' }), now, policy)).toEqual({
      silent: false,
    });
  });

  it('flags a feed with no new item for FEED_SILENCE_DAYS, counting from registration when it never had one', () => {
    expect(feedSilence(feed({ lastNewItemAt: '2026-03-06T11:00:00.000Z' }), now, policy)).toMatchObject({
      silent: true,
      kind: 'quiet',
      message: 'No new item for 14 days',
    });
    expect(feedSilence(feed({ lastNewItemAt: '2026-03-07T13:00:00.000Z' }), now, policy)).toEqual({
      silent: false,
    });
    expect(feedSilence(feed({}, '2026-03-15T00:00:00.000Z'), now, policy)).toEqual({ silent: false });
    expect(feedSilence(feed(), now, policy)).toMatchObject({ kind: 'quiet' });
  });

  it('never flags a removed or paused feed, however long it has been silent', () => {
    const failing = { consecutiveFailures: 50, lastSuccessAt: '2026-01-02T00:00:00.000Z' };
    expect(feedSilence({ ...feed(failing), status: 'removed' }, now, policy)).toEqual({ silent: false });
    expect(feedSilence({ ...feed(failing), status: 'paused' }, now, policy)).toEqual({ silent: false });
  });
});

describe('feed silence episodes', () => {
  const failing = {
    silent: true as const,
    kind: 'failing' as const,
    since: '2026-03-19T00:00:00.000Z',
    message: 'Failing',
  };
  const quiet = {
    silent: true as const,
    kind: 'quiet' as const,
    since: '2026-03-01T00:00:00.000Z',
    message: 'Quiet',
  };
  const open = (id: string, feedId: string, s: typeof failing | typeof quiet) => ({
    id,
    feedId,
    kind: s.kind,
    since: s.since,
  });

  it('begins an episode for a newly silent feed, and nothing more while it stays silent the same way', () => {
    const first = silenceEpisodeChanges([], new Map([['f1', failing]]));
    expect(first).toEqual({
      ended: [],
      begun: [{ feedId: 'f1', kind: 'failing', since: failing.since, message: 'Failing' }],
    });
    expect(silenceEpisodeChanges([open('e1', 'f1', failing)], new Map([['f1', failing]]))).toEqual({
      ended: [],
      begun: [],
    });
  });

  it('ends the episode of a feed that recovered, was paused or removed (absent), and a later silence is a new episode', () => {
    const episodes = [open('e1', 'f1', failing), open('e2', 'f2', quiet)];
    const changes = silenceEpisodeChanges(episodes, new Map([['f1', { silent: false as const }]]));
    expect(changes.ended.map((e) => e.id)).toEqual(['e1', 'e2']);
    expect(changes.begun).toEqual([]);
    const later = { ...failing, since: '2026-03-25T00:00:00.000Z' };
    expect(silenceEpisodeChanges([open('e1', 'f1', failing)], new Map([['f1', later]]))).toEqual({
      ended: [open('e1', 'f1', failing)],
      begun: [{ feedId: 'f1', kind: 'failing', since: later.since, message: 'Failing' }],
    });
  });

  it('a quiet feed that starts failing ends one episode and begins the other', () => {
    const changes = silenceEpisodeChanges([open('e2', 'f2', quiet)], new Map([['f2', failing]]));
    expect(changes.ended.map((e) => e.id)).toEqual(['e2']);
    expect(changes.begun.map((e) => e.kind)).toEqual(['failing']);
  });
});
