import { silenceNotice } from './feed-silence-report.service';
import { silenceCheckEveryMs } from './feed-silence.scheduler';

describe('feed-silence notices', () => {
  it('checks a quarter of FEED_SILENCE_FAILING apart, between a second and fifteen minutes', () => {
    expect(silenceCheckEveryMs(24 * 3_600_000)).toBe(15 * 60_000);
    expect(silenceCheckEveryMs(20 * 60_000)).toBe(5 * 60_000);
    expect(silenceCheckEveryMs(1_000)).toBe(1_000);
  });

  it('names the feed (its title, else its host) and the silence, keyed by the episode', () => {
    const notice = silenceNotice({
      id: 'ep-1',
      feedId: 'f-1',
      feedTitle: null,
      feedUrl: 'https://news.example.kz/rss',
      kind: 'failing',
      since: '2026-03-19T00:00:00.000Z',
      message: 'Failing since 2026-03-19 00:00 UTC (9 failed polls): HTTP 503',
      startedAt: '2026-03-20T00:00:00.000Z',
    });
    expect(notice).toMatchObject({
      id: 'ep-1',
      kind: 'feed-silence',
      type: 'feed.silent',
      subject: 'Feed failing: news.example.kz',
      occurredAt: '2026-03-19T00:00:00.000Z',
      data: { feed: { id: 'f-1' }, silence: { kind: 'failing', since: '2026-03-19T00:00:00.000Z' } },
    });
    expect(notice.body).toContain('HTTP 503');
  });
});
