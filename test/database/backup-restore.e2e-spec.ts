import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import BetterSqlite3 from 'better-sqlite3';

import {
  createTestContext,
  expectEventually,
  runCli,
  runNode,
  type TestContext,
  testConfig,
} from '../support';

// `cli backup` takes a consistent copy while another process writes, and `cli restore` refuses a
// copy whose chain does not hold. Built CLI and a writing child process over a real SQLite file.
jest.setTimeout(180_000);

const folder = () => mkdtempSync(join(tmpdir(), 'timeline-backup-test-'));

describe('backup and restore (SQLite)', () => {
  let ctx: TestContext;

  beforeEach(async () => {
    ctx = await createTestContext('sqlite');
  });
  afterEach(async () => {
    await ctx.close();
  });

  it('backs up while another process appends, and the copy restores into a new database that verifies', async () => {
    const file = join(folder(), 'timeline.backup');
    const burst = runNode('dist/test/support/append-worker.js', ['burst', '400'], ctx.env, {
      timeoutMs: 150_000,
    });
    // Let the burst get going, then back up in the middle of it.
    await expectEventually(async () => {
      const [row] = await ctx.database.query<{ n: number }>('SELECT COUNT(*) AS n FROM events');
      expect(Number(row!.n)).toBeGreaterThanOrEqual(50);
    }, 60_000);
    const backup = await runCli(['backup', file, '--json'], ctx.env);
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    const taken = JSON.parse(backup.stdout) as { events: number; head: { position: number } };
    expect(taken.events).toBeGreaterThan(0);
    expect(taken.head.position).toBe(taken.events);

    const written = await burst;
    expect(written.code).toBe(0);
    // The burst went on after the copy was taken: the copy is a prefix, complete up to its head.
    const [live] = await ctx.database.query<{ n: number }>('SELECT COUNT(*) AS n FROM events');
    expect(Number(live!.n)).toBe(800);

    const target = testConfig('sqlite').env;
    const restored = await runCli(['restore', file, '--json'], target);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    const verified = await runCli(['verify', '--json'], target);
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true, eventsChecked: taken.events });
  });

  it('refuses a backup whose chain does not verify, and leaves the database as it was', async () => {
    await runNode('dist/test/support/append-worker.js', ['small', '5'], ctx.env, { timeoutMs: 60_000 });
    const file = join(folder(), 'timeline.backup');
    expect((await runCli(['backup', file], ctx.env)).code).toBe(0);
    // Someone edits an event in the copy behind the triggers' back.
    const copy = new BetterSqlite3(file);
    copy.exec('DROP TRIGGER IF EXISTS events_no_update');
    for (const { name } of copy
      .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'events'")
      .all() as { name: string }[]) {
      copy.exec(`DROP TRIGGER "${name}"`);
    }
    copy.prepare('UPDATE events SET data = \'{"i":99}\' WHERE position = 3').run();
    copy.close();

    const target = testConfig('sqlite').env;
    const refused = await runCli(['restore', file], target);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/Refused: the backup's chain does not verify \(position 3/);
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    const verified = await runCli(['verify', '--json'], target);
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true, eventsChecked: 0 });
  });

  it('will not overwrite a database that holds events without --force, nor back up over a file', async () => {
    await runNode('dist/test/support/append-worker.js', ['small', '3'], ctx.env, { timeoutMs: 60_000 });
    const file = join(folder(), 'timeline.backup');
    expect((await runCli(['backup', file], ctx.env)).code).toBe(0);
    const again = await runCli(['backup', file], ctx.env);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/exists already/);

    const refused = await runCli(['restore', file], ctx.env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/holds 6 event\(s\): stop the service, then restore with --force/);
    const forced = await runCli(['restore', file, '--force'], ctx.env);
    expect(forced.code).toBe(0);
    expect(existsSync(file)).toBe(true);
  });
});

describe('backup on PostgreSQL', () => {
  it('says to use pg_dump, and writes nothing', async () => {
    const ctx = await createTestContext('postgres');
    try {
      const file = join(folder(), 'timeline.backup');
      const answer = await runCli(['backup', file], ctx.env);
      expect(answer.code).toBe(1);
      expect(answer.stderr).toMatch(/pg_dump/);
      expect(existsSync(file)).toBe(false);
    } finally {
      await ctx.close();
    }
  });
});
