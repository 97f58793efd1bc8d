import { spawn } from 'node:child_process';

import { QUEUES } from '@app/runtime';
import { Queue } from 'bullmq';

import {
  freePort,
  type RunningProcess,
  runCli,
  startProcess,
  testConfig,
  watchProcess,
  type WatchedProcess,
} from '../support';
import { eventually } from './feed-server';

const STACK_TRACE = /\n\s+at .+:\d+:\d+/;

/** A redis-server of the test's own, without persistence, on a port that survives its restart. */
async function startRedis(port: number): Promise<WatchedProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return watchProcess(child, /Ready to accept connections/, 10_000, 'redis-server');
}

/**
 * Redis goes away under a running service (issue 15): registering and removing feeds answers at
 * once (the event is recorded; polling is scheduled when Redis is back), and the log says so in a
 * line or two rather than a stack trace per reconnection attempt.
 */
describe('feeds while Redis is away', () => {
  let redis: WatchedProcess;
  let port: number;
  let app: RunningProcess;
  let env: Record<string, string>;
  let admin: string;

  beforeAll(async () => {
    port = await freePort();
    redis = await startRedis(port);
    env = testConfig('sqlite', { REDIS_URL: `redis://127.0.0.1:${port}` }).env;
    app = await startProcess('dist/apps/all-in-one/src/main.js', env, /listening on/, 120_000);
    const created = await runCli(['keys', 'create', '--role', 'admin', '--name', 'admin', '--json'], env);
    admin = (JSON.parse(created.stdout) as { key: string }).key;
  }, 180_000);
  afterAll(async () => {
    await app?.stop();
    await redis?.kill();
  });

  const call = async (method: string, path: string, body?: unknown) => {
    const started = Date.now();
    const response = await fetch(`${app.baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(20_000),
    });
    return {
      status: response.status,
      body: (await response.json()) as Record<string, unknown>,
      ms: Date.now() - started,
    };
  };

  it('registers and removes feeds at once, schedules them when Redis is back, and logs the outage once', async () => {
    const kept = await call('POST', '/api/feeds', { url: 'https://before.example/rss' });
    expect(kept).toMatchObject({ status: 201, body: { scheduled: true } });
    const logBefore = app.output().length;

    await redis.kill();
    // Long enough for every client to notice and retry a few times.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const added = await call('POST', '/api/feeds', { url: 'https://during.example/rss?token=s3cret' });
    expect(added.status).toBe(201);
    expect(added.body.scheduled).toBe(false);
    expect(added.ms).toBeLessThan(5_000);
    const removed = await call('DELETE', `/api/feeds/${String(kept.body.id)}`);
    expect(removed).toMatchObject({ status: 200, body: { status: 'removed', unscheduled: false } });
    expect(removed.ms).toBeLessThan(5_000);
    // A client that retries is told the feed exists, not left hanging.
    expect(
      (await call('POST', '/api/feeds', { url: 'https://during.example/rss?token=s3cret' })).status,
    ).toBe(409);
    await new Promise((resolve) => setTimeout(resolve, 5_000));

    redis = await startRedis(port);
    await eventually(() => expect(app.output()).toMatch(/Redis available again after \d+ s/), 30_000);
    const queue = new Queue(QUEUES.feedPoll, {
      connection: { url: env.REDIS_URL },
      prefix: env.REDIS_PREFIX,
    });
    try {
      // The feed registered in the outage is scheduled now, the removed one is not.
      await eventually(async () => {
        const ids = (await queue.getJobSchedulers(0, -1)).map((s) => s.key ?? s.id);
        expect(ids).toContain(`feed-${String(added.body.id)}`);
        expect(ids).not.toContain(`feed-${String(kept.body.id)}`);
      }, 30_000);
    } finally {
      await queue.close();
    }

    const during = app.output().slice(logBefore);
    expect(during.match(/Redis unavailable \(/g)).toHaveLength(1);
    expect(during).not.toMatch(STACK_TRACE);
    expect(during).not.toContain('s3cret');
  }, 120_000);
});
