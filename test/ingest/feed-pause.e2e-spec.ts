import type { FeedView } from '@app/ingest';

import {
  callApi,
  createKeyByCli,
  DATABASE_KINDS,
  type RunningProcess,
  startProcess,
  testConfig,
} from '../support';
import { eventually, type FeedServer, startFeedServer } from './feed-server';

// Each test waits for several polls of a real worker.
jest.setTimeout(120_000);

type AdminFeed = FeedView & { silence: { silent: boolean; kind?: string } };

/**
 * Pausing and resuming a feed on the built all-in-one process (API and worker, real Redis and
 * BullMQ), against a local publisher: a paused feed is not polled, shows `paused`, is not flagged
 * silent, and is polled again once resumed. Ingest records when a poll last brought a candidate.
 */
describe.each(DATABASE_KINDS)('feed pause and resume (%s)', (kind) => {
  let server: FeedServer;
  let app: RunningProcess;
  let admin: string;
  let viewer: string;
  let wire: string;
  let failing: string;

  beforeAll(async () => {
    server = await startFeedServer();
    const { env } = testConfig(kind, {
      FEED_POLL_INTERVAL: '1s',
      FEED_HOST_DELAY: '0ms',
      // The failing feed is flagged as soon as it has failed once.
      FEED_SILENCE_FAILING: '1s',
    });
    app = await startProcess('dist/apps/all-in-one/src/main.js', env, /listening on/, 120_000);
    const key = (role: string) => createKeyByCli(env, role, role);
    [admin, viewer] = [await key('admin'), await key('viewer')];
  }, 300_000);
  afterAll(async () => {
    await app?.stop();
    await server?.close();
  });

  const call = (method: string, path: string, key?: string, body?: unknown) =>
    callApi(app.baseUrl, method, path, key, body);
  const feed = async (id: string) =>
    (await (await call('GET', `/api/feeds/${id}`, viewer)).json()) as FeedView;
  const adminFeed = async (id: string) =>
    ((await (await call('GET', '/api/admin/feeds', admin)).json()) as { feeds: AdminFeed[] }).feeds.find(
      (f) => f.id === id,
    )!;

  it('records when a poll last brought a new candidate', async () => {
    const registered = await call('POST', '/api/feeds', admin, { url: server.url('/wire.xml') });
    expect(registered.status).toBe(201);
    wire = ((await registered.json()) as FeedView).id;
    failing = (
      (await (
        await call('POST', '/api/feeds', admin, { url: server.url('/unavailable') })
      ).json()) as FeedView
    ).id;
    const polled = await eventually(async () => {
      const view = await feed(wire);
      expect(view.health).toMatchObject({ status: 'ok', itemsProposed: expect.any(Number) as number });
      expect(view.health.lastNewItemAt).not.toBeNull();
      return view;
    });
    // Its first poll brought the candidates (a later one may have come before this read).
    expect(polled.health.lastNewItemAt! <= polled.health.lastSuccessAt!).toBe(true);
    // The next polls bring nothing new (304 or the same items): the time stays that of the first.
    await eventually(async () =>
      expect((await feed(wire)).health.lastSuccessAt! > polled.health.lastSuccessAt!).toBe(true),
    );
    expect((await feed(wire)).health.lastNewItemAt).toBe(polled.health.lastNewItemAt);
    expect(await adminFeed(wire)).toMatchObject({ health: { lastNewItemAt: polled.health.lastNewItemAt } });
    await eventually(async () =>
      expect((await adminFeed(failing)).silence).toMatchObject({ silent: true, kind: 'failing' }),
    );
  });

  it('pauses for admins only, with a reason; a paused feed is not polled nor flagged silent', async () => {
    const body = { reason: 'Publisher is migrating' };
    expect((await call('POST', `/api/feeds/${wire}/pause`, undefined, body)).status).toBe(401);
    expect((await call('POST', `/api/feeds/${wire}/pause`, viewer, body)).status).toBe(403);
    const noReason = await call('POST', `/api/feeds/${wire}/pause`, admin, {});
    expect(noReason.status).toBe(400);
    expect(await noReason.json()).toMatchObject({ error: { details: { field: 'reason' } } });
    expect(
      (await call('POST', '/api/feeds/0195a000-0000-7000-8000-0000000000ff/pause', admin, body)).status,
    ).toBe(404);

    const paused = await call('POST', `/api/feeds/${wire}/pause`, admin, body);
    expect(paused.status).toBe(200);
    expect(await paused.json()).toMatchObject({
      status: 'paused',
      pausedReason: 'Publisher is migrating',
      pausedBy: expect.stringMatching(/^key:/) as string,
      health: { status: 'paused', nextPollAt: null },
      unscheduled: true,
    });
    const again = await call('POST', `/api/feeds/${wire}/pause`, admin, body);
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: { code: 'FEED_PAUSED' } });

    // A job in flight at the moment of the pause may still poll once; then nothing for 4 intervals.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const polls = server.requests('/wire.xml').length;
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    expect(server.requests('/wire.xml').length).toBe(polls);

    expect(
      (await call('POST', `/api/feeds/${failing}/pause`, admin, { reason: 'down for a while' })).status,
    ).toBe(200);
    expect(await adminFeed(failing)).toMatchObject({ status: 'paused', silence: { silent: false } });
    const list = (await (await call('GET', '/api/feeds?status=paused', viewer)).json()) as {
      feeds: FeedView[];
    };
    expect(list.feeds.map((f) => f.id).sort()).toEqual([wire, failing].sort());
  });

  it('resumes a paused feed: polled again at once; resuming an active feed or pausing a removed one is a 409', async () => {
    expect((await call('POST', `/api/feeds/${wire}/resume`, viewer)).status).toBe(403);
    const polls = server.requests('/wire.xml').length;
    const resumed = await call('POST', `/api/feeds/${wire}/resume`, admin);
    expect(resumed.status).toBe(200);
    expect(await resumed.json()).toMatchObject({ status: 'active', pausedAt: null, scheduled: true });
    await eventually(() => expect(server.requests('/wire.xml').length).toBeGreaterThan(polls));

    const notPaused = await call('POST', `/api/feeds/${wire}/resume`, admin);
    expect(notPaused.status).toBe(409);
    expect(await notPaused.json()).toMatchObject({ error: { code: 'FEED_NOT_PAUSED' } });

    expect((await call('DELETE', `/api/feeds/${failing}`, admin)).status).toBe(200);
    const removed = await call('POST', `/api/feeds/${failing}/pause`, admin, { reason: 'too late' });
    expect(removed.status).toBe(409);
    expect(await removed.json()).toMatchObject({ error: { code: 'FEED_REMOVED' } });
  });
});
