import { feedSilence } from './feed-silence';
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
