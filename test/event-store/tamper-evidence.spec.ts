import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { GENESIS_HASH, hashEvent, LogVerifier } from '@app/event-store';

import { createTestContext, DATABASE_KINDS, runCli, type TestContext, uniqueName } from '../support';

describe.each(DATABASE_KINDS)('tamper evidence (%s)', (kind) => {
  let ctx: TestContext;
  const raw = (sql: string, params: unknown[] = []) =>
    ctx.database.dataSource.query<Array<Record<string, unknown>>>(sql, params);
  const p = (n: number) => (kind === 'postgres' ? `$${n}` : '?');

  beforeEach(async () => {
    ctx = await createTestContext(kind);
    for (let i = 1; i <= 5; i += 1) {
      await ctx.events.append(`note-${i % 2}`, 'any', [{ type: 'NoteTaken', data: { text: `note ${i}` } }]);
    }
  });
  afterEach(async () => {
    await ctx.close();
  });

  /** What someone with write access would do first: take the triggers away. */
  async function dropTriggers(): Promise<void> {
    if (kind === 'sqlite') {
      for (const name of ['events_refuse_update', 'events_refuse_delete', 'events_guard_insert']) {
        await raw(`DROP TRIGGER ${name}`);
      }
    } else {
      await raw('DROP TRIGGER events_refuse_update_delete ON events');
      await raw('DROP TRIGGER events_refuse_truncate ON events');
      await raw('DROP TRIGGER events_guard_insert ON events');
    }
  }

  const forgedData = JSON.stringify({ text: 'note 3, quietly changed' });

  it('verify passes on an intact log, through the CLI too (exit 0)', async () => {
    const report = await ctx.app.get(LogVerifier).verify();
    expect(report).toMatchObject({ ok: true, eventsChecked: 5, head: { position: 5 } });

    const cli = await runCli(['verify', '--json'], ctx.env);
    expect(cli.code).toBe(0);
    expect(JSON.parse(cli.stdout)).toMatchObject({ ok: true, eventsChecked: 5 });
  });

  it('names the first altered position when a row was changed behind dropped triggers (CLI exit 1)', async () => {
    await dropTriggers();
    await raw(`UPDATE events SET data = ${p(1)} WHERE position = 3`, [forgedData]);

    const report = await ctx.app.get(LogVerifier).verify();
    expect(report).toMatchObject({ ok: false, eventsChecked: 2, problem: { position: 3 } });

    const cli = await runCli(['verify'], ctx.env);
    expect(cli.code).toBe(1);
    expect(cli.stdout).toMatch(/BROKEN at position 3/);
  });

  it('catches a deleted event in the middle', async () => {
    await dropTriggers();
    await raw('DELETE FROM events WHERE position = 2');

    const report = await ctx.app.get(LogVerifier).verify();
    expect(report).toMatchObject({ ok: false, problem: { position: 2 } });
  });

  it('catches a whole chain rewritten after the edit, against a head recorded earlier', async () => {
    const headFile = join(tmpdir(), `${uniqueName('head')}.json`);
    const recorded = await runCli(['verify', '--write-head', headFile], ctx.env);
    expect(recorded.code).toBe(0);
    expect(JSON.parse(readFileSync(headFile, 'utf8'))).toMatchObject({ position: 5 });

    // The forger alters event 3 and recomputes every hash from there, so the chain holds again.
    await dropTriggers();
    await raw(`UPDATE events SET data = ${p(1)} WHERE position = 3`, [forgedData]);
    await rehashFrom(3);
    expect((await ctx.app.get(LogVerifier).verify()).ok).toBe(true);

    const checked = await runCli(['verify', '--check-head', headFile], ctx.env);
    expect(checked.code).toBe(1);
    expect(checked.stdout).toMatch(/BROKEN at position 5: .*rewritten/);
  });

  it('catches a log cut short, against a head recorded earlier', async () => {
    const headFile = join(tmpdir(), `${uniqueName('head')}.json`);
    expect((await runCli(['verify', '--write-head', headFile], ctx.env)).code).toBe(0);
    await dropTriggers();
    await raw('DELETE FROM events WHERE position >= 4');

    const checked = await runCli(['verify', '--check-head', headFile, '--json'], ctx.env);
    expect(checked.code).toBe(1);
    expect(JSON.parse(checked.stdout)).toMatchObject({ ok: false, problem: { position: 4 } });
  });

  it('says plainly when the head file cannot be read (exit 2)', async () => {
    const checked = await runCli(['verify', '--check-head', '/nonexistent/head.json'], ctx.env);
    expect(checked.code).toBe(2);
    expect(checked.stderr).toMatch(/Cannot read the head file/);
    expect(checked.stderr).not.toMatch(/\n\s+at /);
  });

  async function rehashFrom(position: number): Promise<void> {
    const rows = await ctx.events.readAll(0, 1000);
    let prev = rows[position - 2]?.hash ?? GENESIS_HASH;
    for (const event of rows.slice(position - 1)) {
      const stored = (await raw(`SELECT data FROM events WHERE position = ${p(1)}`, [event.position]))[0]!;
      const data = (typeof stored.data === 'string' ? JSON.parse(stored.data) : stored.data) as Record<
        string,
        unknown
      >;
      const hash = hashEvent(prev, { ...event, data });
      await raw(`UPDATE events SET prev_hash = ${p(1)}, hash = ${p(2)} WHERE position = ${p(3)}`, [
        prev,
        hash,
        event.position,
      ]);
      prev = hash;
    }
  }
});
