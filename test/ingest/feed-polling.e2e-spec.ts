import type { FeedView } from '@app/ingest';
import { QUEUES } from '@app/runtime';
import { Queue } from 'bullmq';

import { createKeyByCli, type RunningProcess, startProcess, testConfig } from '../support';
import { eventually, type FeedServer, startFeedServer } from './feed-server';

const STACK_TRACE = /\n\s+at .+:\d+:\d+/;
const HOST_DELAY_MS = 200;

interface LoggedEvent {
  position: number;
  streamId: string;
  type: string;
  data: Record<string, unknown> & { item?: { title: string; feedId: string } };
  metadata: { actor?: string };
}

/**
 * Feed polling as it runs: the API registers feeds, a separate worker process polls them through
 * BullMQ on a real Redis, a local publisher misbehaves on purpose. Everything is checked through
 * the API: the feeds' health and the candidates in the log.
 */
describe('feed polling, end to end', () => {
  let server: FeedServer;
  let api: RunningProcess;
  let worker: RunningProcess;
  let env: Record<string, string>;
  let admin: string;
  let viewer: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    server = await startFeedServer({ slowMs: 4_000, hugeBytes: 300_000 });
    env = testConfig('sqlite', {
      FEED_POLL_INTERVAL: '2s',
      FEED_TIMEOUT: '1s',
      FEED_MAX_BYTES: '100000',
      FEED_MAX_REDIRECTS: '3',
      FEED_HOST_DELAY: `${HOST_DELAY_MS}ms`,
    }).env;
    api = await startProcess('dist/apps/api/src/main.js', env, /API listening on/, 120_000);
    worker = await startProcess('dist/apps/worker/src/main.js', env, /Worker started/, 120_000);
    const key = (role: string) => createKeyByCli(env, role, role);
    [admin, viewer] = [await key('admin'), await key('viewer')];
  }, 300_000);
  afterAll(async () => {
    await worker?.stop();
    await api?.stop();
    await server?.close();
  });

  const call = (method: string, path: string, key?: string, body?: unknown) =>
    fetch(`${api.baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const feedList = async (): Promise<FeedView[]> =>
    ((await (await call('GET', '/api/feeds', viewer)).json()) as { feeds: FeedView[] }).feeds;
  const feed = async (name: string): Promise<FeedView> => (await feedList()).find((f) => f.id === ids[name])!;
  const events = async (): Promise<LoggedEvent[]> => {
    const all: LoggedEvent[] = [];
    for (let after = 0; ;) {
      const page = (await (await call('GET', `/api/events?after=${after}&limit=1000`, admin)).json()) as {
        events: LoggedEvent[];
        next: { after: number } | null;
      };
      all.push(...page.events);
      if (!page.next) return all;
      after = page.next.after;
    }
  };

  it('registers feeds for admins only, naming a bad field, refusing a second registration', async () => {
    const body = { url: server.url('/wire.xml') };
    expect((await call('POST', '/api/feeds', undefined, body)).status).toBe(401);
    expect((await call('POST', '/api/feeds', viewer, body)).status).toBe(403);
    expect((await call('GET', '/api/feeds')).status).toBe(401);
    const bad = await call('POST', '/api/feeds', admin, { url: 'feeds.example/rss' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'INVALID_FEED', details: { field: 'url' } } });
    const missing = await call('POST', '/api/feeds', admin, { title: 'no url' });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ error: { details: { field: 'url' } } });

    const paths: Record<string, string> = {
      wire: '/wire.xml',
      steppe: '/steppe.atom',
      zh: '/zh.xml',
      ru: '/ru-wrong-charset.xml',
      throttled: '/throttled',
      unavailable: '/unavailable',
      gone: '/gone',
      slow: '/slow',
      huge: '/huge',
      loop: '/loop/0',
      html: '/not-a-feed',
    };
    for (const [name, path] of Object.entries(paths)) {
      const response = await call('POST', '/api/feeds', admin, {
        url: server.url(path),
        ...(name === 'steppe' ? { title: 'Steppe Monitor' } : {}),
      });
      expect(response.status).toBe(201);
      ids[name] = ((await response.json()) as FeedView).id;
    }
    const dns = await call('POST', '/api/feeds', admin, {
      url: 'http://feeds.invalid/rss',
      title: 'Nowhere',
    });
    ids.dns = ((await dns.json()) as FeedView).id;

    const again = await call('POST', '/api/feeds', admin, { url: server.url('/wire.xml') });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({
      error: { code: 'FEED_EXISTS', details: { feedId: ids.wire } },
    });
  });

  it('proposes the relevant items as candidates in the log, with the same story from two outlets as one candidate', async () => {
    const log = await eventually(async () => {
      const all = (await events()).filter((e) => e.streamId.startsWith('candidate-'));
      expect(all.filter((e) => e.type === 'CandidateProposed')).toHaveLength(6);
      expect(all.filter((e) => e.type === 'CandidateCorroborated')).toHaveLength(1);
      return all;
    });
    const titles = log.filter((e) => e.type === 'CandidateProposed').map((e) => e.data.item!.title);
    expect(titles.sort()).toEqual(
      [
        'China and Tajikistan hold joint counter-terrorism drills near Afghan border',
        'Chinese private security companies expand in Kyrgyzstan',
        "Kyrgyz police to train with China's Ministry of Public Security",
        'Kazakhstan and China sign agreement on border security cooperation',
        // Read right although the server said UTF-8 for windows-1251 bytes.
        'Пограничники Казахстана и Китая провели совместное патрулирование',
        '中国与乌兹别克斯坦举行联合反恐演习',
      ].sort(),
    );
    const corroboration = log.find((e) => e.type === 'CandidateCorroborated')!;
    const original = log.find(
      (e) => e.streamId === corroboration.streamId && e.type === 'CandidateProposed',
    )!;
    expect(original.data.item!.feedId).toBe(ids.wire);
    expect(corroboration.data.item).toMatchObject({ feedId: ids.steppe, feedTitle: 'Steppe Monitor' });
    expect(corroboration.metadata.actor).toBe('system:ingest');
  });

  it('shows each feed healthy, polled again with its validators, each item seen once', async () => {
    await eventually(async () => {
      const [wire, steppe, zh] = [await feed('wire'), await feed('steppe'), await feed('zh')];
      expect(wire.health).toMatchObject({
        status: 'ok',
        lastHttpStatus: 304,
        consecutiveFailures: 0,
        itemsSeen: 5,
        itemsProposed: 3,
      });
      expect(steppe.health).toMatchObject({
        status: 'ok',
        lastHttpStatus: 304,
        itemsProposed: 1,
        itemsCorroborated: 1,
      });
      // No validators: read again in full, but its items were seen and nothing is proposed twice.
      expect(server.requests('/zh.xml').length).toBeGreaterThanOrEqual(2);
      expect(zh.health).toMatchObject({ status: 'ok', lastHttpStatus: 200, itemsSeen: 2, itemsProposed: 1 });
    });
    expect(
      server
        .requests('/wire.xml')
        .slice(1)
        .map((r) => r.headers['if-none-match']),
    ).toContain('"wire-v1"');
    expect(
      server
        .requests('/steppe.atom')
        .slice(1)
        .map((r) => r.headers['if-modified-since']),
    ).toContain('Tue, 01 Dec 2026 07:00:00 GMT');
    const wire = await feed('wire');
    // A feed registered by URL alone takes the title its document gives.
    expect(wire.title).toBe('Central Asia Security Wire');
    expect(Date.parse(wire.health.nextPollAt!)).toBeGreaterThan(Date.parse(wire.health.lastPolledAt!));
  });

  it('honours Retry-After (seconds or a date) and does not poll before it', async () => {
    const [throttled, unavailable] = await eventually(async () => {
      const both = [await feed('throttled'), await feed('unavailable')];
      for (const f of both) expect(f.health.consecutiveFailures).toBeGreaterThanOrEqual(1);
      return both;
    });
    expect(throttled!.health).toMatchObject({
      status: 'failing',
      lastHttpStatus: 429,
      lastError: 'HTTP 429; asked to wait 120 s',
    });
    const waited = Date.parse(throttled!.health.nextPollAt!) - Date.parse(throttled!.health.lastPolledAt!);
    expect(waited).toBeGreaterThanOrEqual(120_000);
    expect(unavailable!.health).toMatchObject({
      lastHttpStatus: 503,
      lastError: expect.stringMatching(/^HTTP 503; asked to wait 3\d\d\d s$/) as string,
    });
    // Polls keep coming every 2 s for the other feeds; these two were asked once and left alone.
    await eventually(async () =>
      expect((await feed('zh')).health.lastPolledAt).not.toBe(throttled!.health.lastPolledAt),
    );
    expect(server.requests('/throttled')).toHaveLength(1);
    expect(server.requests('/unavailable')).toHaveLength(1);
  });

  it('removes a feed whose publisher answers 410 Gone, and says so in the log and its health', async () => {
    const gone = await eventually(async () => {
      const f = await feed('gone');
      expect(f.status).toBe('removed');
      return f;
    });
    expect(gone.health).toMatchObject({ status: 'gone', lastHttpStatus: 410, nextPollAt: null });
    expect(gone.removedBy).toBe('system:ingest');
    const removal = (await events()).find(
      (e) => e.streamId === `feed-${ids.gone}` && e.type === 'FeedRemoved',
    );
    expect(removal).toMatchObject({
      data: { by: 'system:ingest', reason: expect.stringMatching(/410/) as string },
    });
    expect(server.requests('/gone')).toHaveLength(1);
  });

  it('records, calmly, a feed too slow, too big, redirecting forever, not a feed, or on a name that does not resolve', async () => {
    const failing = await eventually(async () => {
      const found = Object.fromEntries(
        await Promise.all(
          ['slow', 'huge', 'loop', 'html', 'dns'].map(async (name) => [name, await feed(name)] as const),
        ),
      );
      for (const f of Object.values(found)) expect(f.health.consecutiveFailures).toBeGreaterThanOrEqual(1);
      return found;
    });
    expect(failing.slow!.health.lastError).toMatch(
      /^TIMEOUT: No complete answer from 127\.0\.0\.1:\d+ within 1000 ms$/,
    );
    expect(failing.huge!.health.lastError).toBe('TOO_LARGE: The answer is larger than 100000 bytes');
    expect(failing.loop!.health.lastError).toMatch(/^TOO_MANY_REDIRECTS: More than 3 redirects/);
    expect(failing.html!.health).toMatchObject({
      lastHttpStatus: 200,
      lastError: expect.stringMatching(/^NOT_A_FEED: /) as string,
    });
    expect(failing.dns!.health).toMatchObject({
      status: 'failing',
      lastHttpStatus: null,
      lastError: expect.stringMatching(/ENOTFOUND/) as string,
    });
    for (const f of Object.values(failing)) {
      expect(f.health.lastError).not.toMatch(/\n/);
      expect(Date.parse(f.health.nextPollAt!)).toBeGreaterThan(Date.parse(f.health.lastPolledAt!));
    }
    // The worker says so in one line per poll, and never with a stack trace.
    expect(worker.output()).toMatch(
      /Feed Nowhere \(http:\/\/feeds\.invalid\/rss\) unavailable: NETWORK: .*ENOTFOUND/,
    );
    expect(worker.output()).not.toMatch(STACK_TRACE);
  });

  it('keeps its distance from a host across jobs, delaying jobs rather than failing them', async () => {
    // One fetch, one claim: the hops of a redirect chain follow each other at once.
    const arrivals = server
      .requests()
      .filter((r) => !r.path.startsWith('/loop/') || r.path === '/loop/0')
      .map((r) => r.at);
    expect(arrivals.length).toBeGreaterThan(12);
    const gaps = arrivals.slice(1).map((at, i) => at - arrivals[i]!);
    // Arrival times carry a little network jitter on top of the spacing the worker keeps.
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(HOST_DELAY_MS - 50);
    const queue = new Queue(QUEUES.feedPoll, {
      connection: { url: env.REDIS_URL! },
      prefix: env.REDIS_PREFIX,
    });
    try {
      expect(await queue.getFailedCount()).toBe(0);
    } finally {
      await queue.close();
    }
  });

  it('lets admins rename a feed; shows one feed with its health', async () => {
    const path = `/api/feeds/${ids.steppe}`;
    expect((await call('PATCH', path, viewer, { title: 'x' })).status).toBe(403);
    const renamed = await call('PATCH', path, admin, { title: 'Steppe Monitor (EN)', language: 'en' });
    expect(renamed.status).toBe(200);
    expect(await renamed.json()).toMatchObject({ title: 'Steppe Monitor (EN)', language: 'en' });
    const same = await call('PATCH', path, admin, { title: 'Steppe Monitor (EN)' });
    expect([same.status, ((await same.json()) as { error: { code: string } }).error.code]).toEqual([
      409,
      'NO_CHANGE',
    ]);
    const one = await call('GET', path, viewer);
    expect(await one.json()).toMatchObject({ id: ids.steppe, status: 'active', health: { status: 'ok' } });
    expect((await call('GET', '/api/feeds/0195a000-0000-7000-8000-0000000000ff', viewer)).status).toBe(404);
  });

  it('removes a feed on request: no longer polled, still listed with why', async () => {
    expect((await call('DELETE', `/api/feeds/${ids.zh}`, viewer)).status).toBe(403);
    expect((await call('DELETE', '/api/feeds/not-a-uuid', admin)).status).toBe(400);
    expect((await call('DELETE', '/api/feeds/0195a000-0000-7000-8000-0000000000ff', admin)).status).toBe(404);
    const removed = await call('DELETE', `/api/feeds/${ids.zh}?reason=test%20done`, admin);
    expect(removed.status).toBe(200);
    expect(await removed.json()).toMatchObject({ status: 'removed', removedReason: 'test done' });
    const polls = server.requests('/zh.xml').length;
    // Other feeds keep being polled; this one is not.
    const wirePolls = server.requests('/wire.xml').length;
    await eventually(() => expect(server.requests('/wire.xml').length).toBeGreaterThan(wirePolls + 1));
    expect(server.requests('/zh.xml').length).toBeLessThanOrEqual(polls + 1); // one job may have been in flight
    expect((await feedList()).find((f) => f.id === ids.zh)).toMatchObject({
      status: 'removed',
      health: { status: 'removed' },
    });
  });
});
