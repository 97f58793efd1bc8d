import { join } from 'node:path';

import { runCli, runNode, startProcess, testConfig } from '../support';

const ALL_IN_ONE = 'dist/apps/all-in-one/src/main.js';
const STACK_TRACE = /\n\s+at .+:\d+:\d+/;
// Nest closes the application, then ends the process by the same signal it received.
const CLEAN_STOP = [0, 'SIGTERM'];

describe('starting the product', () => {
  it('refuses a bad configuration with a message naming each bad variable, and exit 1', async () => {
    const { env } = testConfig('sqlite');
    const result = await runNode(ALL_IN_ONE, [], {
      ...env,
      PORT: 'eighty',
      DATABASE_URL: 'mysql://x',
      LOG_FORMAT: 'xml',
    });

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Invalid configuration/);
    expect(result.stderr).toMatch(/PORT: .*"eighty"/);
    expect(result.stderr).toMatch(/DATABASE_URL: must be sqlite:<path> or postgres:\/\//);
    expect(result.stderr).toMatch(/LOG_FORMAT/);
    expect(result.stderr).not.toMatch(STACK_TRACE);
  });

  it('says plainly that Redis is not reachable and how to start one, without a stack trace', async () => {
    const { env } = testConfig('sqlite');
    const result = await runNode(ALL_IN_ONE, [], { ...env, REDIS_URL: 'redis://127.0.0.1:1' });

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Redis is not reachable at redis:\/\/127\.0\.0\.1:1/);
    expect(result.stderr).toMatch(/redis-server --daemonize yes/);
    expect(result.stderr).toMatch(/REDIS_URL/);
    expect(result.stderr).not.toMatch(STACK_TRACE);
  });

  it.each([
    ['a path under a file', `sqlite:${join(__dirname, '..', '..', 'package.json')}/timeline.sqlite`],
    // /proc refuses new entries with ENOENT, which once sent a recursive mkdir round forever.
    ['a path under /proc', 'sqlite:/proc/no-such-dir/timeline.sqlite'],
  ])('says plainly that it cannot open the database at %s, without a stack trace', async (_, url) => {
    const { env } = testConfig('sqlite');
    const result = await runNode(ALL_IN_ONE, [], { ...env, DATABASE_URL: url });

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Cannot open the database at \/\S+\/timeline\.sqlite: /m);
    expect(result.stderr).not.toMatch(STACK_TRACE);
  });

  it.each(['sqlite', 'postgres'] as const)(
    'runs API and worker in one process on %s: migrates, reports health, serves the log, stops cleanly',
    async (kind) => {
      const { env } = testConfig(kind);
      const server = await startProcess(ALL_IN_ONE, env, /listening on/);
      try {
        const health = await fetch(`${server.baseUrl}/health`);
        expect(health.status).toBe(200);
        const report = (await health.json()) as { database: { logPosition: number } };
        expect(report).toMatchObject({
          status: 'ok',
          database: { status: 'up', kind },
          redis: { status: 'up' },
        });

        // Prometheus reads the same state: the log's head and the seeded entries.
        const metrics = await fetch(`${server.baseUrl}/metrics`);
        expect(metrics.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
        const text = await metrics.text();
        expect(text).toContain(`timeline_log_position ${report.database.logPosition}`);
        expect(text).toMatch(/^timeline_entries\{status="active"\} [1-9]\d*$/m);
        expect(text).toMatch(/^timeline_process_resident_memory_bytes \d+/m);

        // The raw log is for admins.
        expect((await fetch(`${server.baseUrl}/api/events`)).status).toBe(401);
        const created = await runCli(['keys', 'create', '--role', 'admin', '--name', 'ops', '--json'], env);
        const admin = { authorization: `Bearer ${(JSON.parse(created.stdout) as { key: string }).key}` };
        const events = await fetch(`${server.baseUrl}/api/events?after=0&limit=10`, { headers: admin });
        expect(events.status).toBe(200);
        expect(await events.json()).toMatchObject({ events: expect.any(Array) as unknown[] });

        const bad = await fetch(`${server.baseUrl}/api/events?limit=5000`, { headers: admin });
        expect(bad.status).toBe(400);
        expect(await bad.json()).toMatchObject({
          error: { code: 'VALIDATION_FAILED', details: { field: 'limit' } },
        });

        const docs = await fetch(`${server.baseUrl}/api/docs/openapi.json`);
        expect(((await docs.json()) as { paths: Record<string, unknown> }).paths).toHaveProperty(
          '/api/events',
        );
      } finally {
        expect(CLEAN_STOP).toContain(await server.stop());
      }
    },
  );

  it('starts the API alone and the worker alone', async () => {
    const { env } = testConfig('sqlite');
    // The seed leaves a checkpoint for every projection the command line runs.
    expect((await runCli(['seed'], env)).code).toBe(0);
    const api = await startProcess('dist/apps/api/src/main.js', env, /API listening on/);
    const worker = await startProcess('dist/apps/worker/src/main.js', env, /Worker started/);
    try {
      expect((await fetch(`${api.baseUrl}/health`)).status).toBe(200);
      // Each appends to the log, so each must keep every projection the other keeps.
      for (const process of [api, worker])
        expect(process.output()).not.toMatch(/does not run the projection/);
      const rebuilt = await runCli(['rebuild', '--json'], env);
      const { rebuilt: reports } = JSON.parse(rebuilt.stdout) as { rebuilt: Array<{ name: string }> };
      const names = reports.map((report) => report.name);
      expect(names.sort()).toEqual([
        'alerts-dispatch-wake',
        'feeds',
        'ingest-dedupe',
        'relevance-model',
        'review-candidates',
        'stream-catalogue',
        'subscriptions',
        'timeline',
      ]);
    } finally {
      expect(CLEAN_STOP).toContain(await worker.stop());
      expect(CLEAN_STOP).toContain(await api.stop());
    }
  });
});
