import {
  BUILTIN_FEEDS_FILE,
  FeedService,
  type FeedPollState,
  FeedStateStore,
  IngestModule,
  INITIAL_POLL_STATE,
  readFeedsFile,
} from '@app/ingest';

import { createTestContext, DATABASE_KINDS, type TestContext } from '../support';

const admin = { actor: 'key:admin1' };
const error = (code: string, details?: Record<string, unknown>) =>
  expect.objectContaining({
    code,
    ...(details ? { details: expect.objectContaining(details) as object } : {}),
  }) as Error;

describe.each(DATABASE_KINDS)('feeds (%s)', (kind) => {
  let ctx: TestContext;
  let feeds: FeedService;

  beforeEach(async () => {
    ctx = await createTestContext(kind, { features: [IngestModule] });
    feeds = ctx.app.get(FeedService);
  });
  afterEach(async () => {
    await ctx.close();
  });

  it('registers a feed once per URL: the id comes from the canonical URL', async () => {
    const feed = await feeds.register(
      { url: 'https://eurasianet.org/rss', title: 'Eurasianet', language: 'en' },
      'api',
      admin,
    );
    expect(feed).toMatchObject({
      url: 'https://eurasianet.org/rss',
      title: 'Eurasianet',
      language: 'en',
      origin: 'api',
      status: 'active',
      registeredBy: 'key:admin1',
      health: { status: 'pending', consecutiveFailures: 0, lastSuccessAt: null, itemsSeen: 0 },
    });
    const [event] = await ctx.events.readStream(`feed-${feed.id}`);
    expect(event).toMatchObject({
      type: 'FeedRegistered',
      data: { feedId: feed.id, url: 'https://eurasianet.org/rss', origin: 'api', by: 'key:admin1' },
      metadata: { actor: 'key:admin1' },
    });

    // The same URL with a tracking parameter and a fragment is the same feed.
    await expect(
      feeds.register({ url: 'https://EURASIANET.org/rss?utm_source=x#top' }, 'cli', { actor: 'cli' }),
    ).rejects.toThrow(error('FEED_EXISTS', { feedId: feed.id }));
    expect((await feeds.list()).map((f) => f.id)).toEqual([feed.id]);
  });

  it('refuses what is not a feed URL, naming the field', async () => {
    for (const url of ['eurasianet.org/rss', 'ftp://example.org/feed', 'file:///etc/passwd', '']) {
      await expect(feeds.register({ url }, 'api', admin)).rejects.toThrow(
        error('INVALID_FEED', { field: 'url' }),
      );
    }
    await expect(
      feeds.register({ url: 'https://a.example/rss', language: 'english!' }, 'api', admin),
    ).rejects.toThrow(error('INVALID_FEED', { field: 'language' }));
    expect(await feeds.list()).toEqual([]);
  });

  it('removes a feed with a reason, and registers it again afresh', async () => {
    const feed = await feeds.register({ url: 'https://24.kg/rss/' }, 'cli', { actor: 'cli' });
    await ctx.app.get(FeedStateStore).record(
      feed.id,
      (current) => ({
        ...current,
        consecutiveFailures: 4,
        lastError: 'HTTP 500',
        nextPollAt: '2026-01-01T06:00:00.000Z',
        etag: '"old"',
      }),
      ['guid-1'],
      ctx.clock.now(),
    );

    const removed = await feeds.remove(feed.id, 'the outlet closed its feed', admin);
    expect(removed).toMatchObject({
      status: 'removed',
      removedBy: 'key:admin1',
      removedReason: 'the outlet closed its feed',
      health: { status: 'removed', nextPollAt: null },
    });
    await expect(feeds.remove(feed.id, 'again', admin)).rejects.toThrow(error('FEED_NOT_FOUND'));
    expect(await feeds.polledIds()).toEqual([]);

    const again = await feeds.register({ url: 'https://24.kg/rss/', title: '24.kg' }, 'api', admin);
    expect(again).toMatchObject({ id: feed.id, status: 'active', title: '24.kg', removedAt: null });
    expect(again.health).toMatchObject({ status: 'pending', consecutiveFailures: 0, nextPollAt: null });
    // What it showed before stays seen; the validators are dropped, so the next poll reads it all.
    expect(await ctx.app.get(FeedStateStore).seen(feed.id, ['guid-1', 'guid-2'])).toEqual(
      new Set(['guid-1']),
    );
    expect((await ctx.app.get(FeedStateStore).get(feed.id)).etag).toBeNull();
    expect((await ctx.events.readStream(`feed-${feed.id}`)).map((e) => e.type)).toEqual([
      'FeedRegistered',
      'FeedRemoved',
      'FeedRegistered',
    ]);
  });

  it('saves polls that finish together, each as it was', async () => {
    const store = ctx.app.get(FeedStateStore);
    const ids = await Promise.all(
      [1, 2, 3, 4, 5, 6].map(
        async (n) => (await feeds.register({ url: `https://f${n}.example/rss` }, 'cli', { actor: 'cli' })).id,
      ),
    );
    const at = ctx.clock.now();
    await Promise.all(
      ids.map((id, n) =>
        store.record(
          id,
          () => ({
            ...INITIAL_POLL_STATE,
            lastStatus: 200 + n,
            itemsSeen: n,
            lastSuccessAt: at.toISOString(),
          }),
          [`g${n}`],
          at,
        ),
      ),
    );
    for (const [n, id] of ids.entries()) {
      expect(await store.get(id)).toMatchObject({ lastStatus: 200 + n, itemsSeen: n });
      expect(await store.seen(id, ['g0', 'g1', 'g2', 'g3', 'g4', 'g5'])).toEqual(new Set([`g${n}`]));
    }
    expect((await feeds.list()).map((f) => f.health.status)).toEqual(ids.map(() => 'ok'));
  });

  it('applies overlapping polls of one feed each to what the other saved, so neither undoes the other', async () => {
    const store = ctx.app.get(FeedStateStore);
    const { id } = await feeds.register({ url: 'https://overlap.example/rss' }, 'cli', { actor: 'cli' });
    const at = ctx.clock.now();
    const proposedThree = (current: FeedPollState): FeedPollState => ({
      ...current,
      itemsSeen: current.itemsSeen + 5,
      itemsProposed: current.itemsProposed + 3,
      lastNewItemAt: at.toISOString(),
    });
    const nothingNew = (current: FeedPollState): FeedPollState => ({
      ...current,
      lastStatus: 304,
      lastSuccessAt: at.toISOString(),
    });
    // One saved inside a poll's own transaction (as a document read is), one by the group commit.
    await Promise.all([
      ctx.database.transaction((tx) => store.recordIn(tx, id, proposedThree, ['a', 'b'], at)),
      store.record(id, nothingNew, [], at),
    ]);
    expect(await store.get(id)).toMatchObject({
      itemsSeen: 5,
      itemsProposed: 3,
      lastNewItemAt: at.toISOString(),
      lastStatus: 304,
    });
    // And again, the other way round, on the state both left.
    await Promise.all([
      store.record(id, nothingNew, [], at),
      ctx.database.transaction((tx) => store.recordIn(tx, id, proposedThree, ['c'], at)),
    ]);
    expect(await store.get(id)).toMatchObject({ itemsSeen: 10, itemsProposed: 6 });
  });

  it('registers the shipped default feeds once; starting again adds nothing and keeps removed ones removed', async () => {
    const defaults = await readFeedsFile('builtin');
    expect(BUILTIN_FEEDS_FILE).toMatch(/default-feeds\.json$/);
    expect(new Set(defaults.map((f) => f.language))).toEqual(new Set(['en', 'ru', 'zh', 'uz']));

    const first = await feeds.registerDefaults(defaults);
    expect(first).toEqual({ added: expect.any(Array) as unknown[], present: 0, invalid: [] });
    expect(first.added).toHaveLength(defaults.length);
    const diplomat = (await feeds.list()).find((f) => f.url === 'https://thediplomat.com/feed/')!;
    expect(diplomat).toMatchObject({ origin: 'config', registeredBy: 'config', title: 'The Diplomat' });
    await feeds.remove(diplomat.id, 'not wanted here', admin);

    const second = await feeds.registerDefaults(defaults);
    expect(second).toEqual({ added: [], present: defaults.length, invalid: [] });
    expect((await feeds.get(diplomat.id)).status).toBe('removed');
  });

  it('reports a feeds file it cannot use in one line', async () => {
    await expect(readFeedsFile('/nonexistent/feeds.json')).rejects.toThrow(error('FEEDS_FILE_INVALID'));
    const invalid = await feeds.registerDefaults([{ url: 'not a url' }, { url: 'https://ok.example/rss' }]);
    expect(invalid.added).toHaveLength(1);
    expect(invalid.invalid).toEqual(['"not a url": url: must be an absolute http or https URL']);
  });
});
