import { DatabaseError } from '@app/database';
import { LogVerifier } from '@app/event-store';
import { SEED_ENTRIES, SeedImporter } from '@app/seed';
import BetterSqlite3 from 'better-sqlite3';

import { createTestContext, runCli, startProcess, type TestContext, testConfig } from '../support';

// A SQLite file whose disk is full, or that another program holds locked: a clear error, nothing
// half-written, and the service goes on once the condition clears.
jest.setTimeout(120_000);

const sqlitePath = (ctx: { config: TestContext['config'] }) => {
  if (ctx.config.database.kind !== 'sqlite') throw new Error('SQLite only');
  return ctx.config.database.path;
};

async function eventCount(ctx: TestContext): Promise<number> {
  const [row] = await ctx.database.query<{ n: number }>('SELECT COUNT(*) AS n FROM events');
  return Number(row!.n);
}

async function failure(promise: Promise<unknown>): Promise<DatabaseError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DatabaseError);
  return error as DatabaseError;
}

describe('transient database faults (SQLite)', () => {
  let ctx: TestContext;

  beforeEach(async () => {
    ctx = await createTestContext('sqlite', { env: { SQLITE_BUSY_TIMEOUT: '200ms' } });
  });
  afterEach(async () => {
    await ctx.close();
  });

  it('refuses a write while another program holds the lock, and takes it once the lock is gone', async () => {
    await ctx.events.append('s-1', 0, [{ type: 'Counted', data: { i: 0 } }]);
    const other = new BetterSqlite3(sqlitePath(ctx));
    other.exec('BEGIN IMMEDIATE');
    try {
      const error = await failure(ctx.events.append('s-1', 1, [{ type: 'Counted', data: { i: 1 } }]));
      expect(error.code).toBe('DATABASE_BUSY');
      expect(error.message).toMatch(/locked by another program: nothing was written/);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(await eventCount(ctx)).toBe(1);
    await ctx.events.append('s-1', 1, [{ type: 'Counted', data: { i: 1 } }]);
    expect(await ctx.app.get(LogVerifier).verify()).toMatchObject({ ok: true, eventsChecked: 2 });
  });

  it('refuses a write when the disk is full, half-writes nothing, and goes on when space returns', async () => {
    await ctx.events.append('s-1', 0, [{ type: 'Counted', data: { i: 0 } }]);
    // A file that may not grow stands in for a full disk: SQLite answers SQLITE_FULL either way.
    const [{ page_count: pages }] = (await ctx.database.query('PRAGMA page_count')) as [
      { page_count: number },
    ];
    await ctx.database.transaction((tx) => tx.execute(`PRAGMA max_page_count = ${Number(pages) + 2}`));
    const large = { text: 'x'.repeat(200_000) };
    const error = await failure(
      ctx.events.appendToStreams([
        { streamId: 's-1', expectedVersion: 1, events: [{ type: 'Counted', data: large }] },
        { streamId: 's-2', expectedVersion: 0, events: [{ type: 'Counted', data: { i: 1 } }] },
      ]),
    );
    expect(error.code).toBe('DATABASE_FULL');
    expect(error.message).toMatch(/no room left .*nothing was written/);
    expect(await eventCount(ctx)).toBe(1);
    expect(await ctx.events.readStream('s-2')).toEqual([]);

    await ctx.database.transaction((tx) => tx.execute('PRAGMA max_page_count = 1073741823'));
    await ctx.events.append('s-1', 1, [{ type: 'Counted', data: large }]);
    expect(await ctx.app.get(LogVerifier).verify()).toMatchObject({ ok: true, eventsChecked: 2 });
  });
});

describe('a locked database over HTTP', () => {
  it('answers 503 with Retry-After and one log line, then takes the write once the lock is gone', async () => {
    const { env, config } = testConfig('sqlite', { SQLITE_BUSY_TIMEOUT: '300ms' });
    const server = await startProcess('dist/apps/all-in-one/src/main.js', env, /listening on/, 60_000);
    try {
      const created = await runCli(['keys', 'create', '--role', 'reviewer', '--name', 'rita', '--json'], env);
      const { key } = JSON.parse(created.stdout) as { key: string };
      const entryId = SeedImporter.entryId(SEED_ENTRIES[0]!.key);
      const amend = () =>
        fetch(`${server.baseUrl}/api/timeline/${entryId}/amend`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ summary: 'Amended after the lock.', reason: 'Testing a locked database' }),
        });

      if (config.database.kind !== 'sqlite') throw new Error('SQLite only');
      const other = new BetterSqlite3(config.database.path);
      other.exec('BEGIN IMMEDIATE');
      let refused: Response;
      try {
        refused = await amend();
      } finally {
        other.exec('ROLLBACK');
        other.close();
      }
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('5');
      expect(await refused.json()).toEqual({
        error: {
          code: 'DATABASE_BUSY',
          message: expect.stringMatching(/locked by another program/) as string,
        },
      });
      const lines = server
        .output()
        .split('\n')
        .filter((line) => line.includes('DATABASE_BUSY'));
      expect(lines).toHaveLength(1);
      expect(server.output()).not.toMatch(/\n\s+at .*database\.(ts|js)/);

      expect((await amend()).status).toBe(201);
    } finally {
      await server.stop();
    }
  });
});
