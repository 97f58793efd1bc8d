import { LogVerifier } from '@app/event-store';

import { createTestContext, DATABASE_KINDS, runNode, type TestContext } from '../support';

describe.each(DATABASE_KINDS)('two processes appending to one log at once (%s)', (kind) => {
  let ctx: TestContext;

  beforeEach(async () => {
    ctx = await createTestContext(kind);
  });
  afterEach(async () => {
    await ctx.close();
  });

  it('loses nothing, doubles nothing, and keeps one total order', async () => {
    const perProcess = 150;
    const [a, b] = await Promise.all(
      ['a', 'b'].map((name) =>
        runNode('dist/test/support/append-worker.js', [name, String(perProcess)], ctx.env, {
          timeoutMs: 120_000,
        }),
      ),
    );
    expect(a!.stderr).toBe('');
    expect(b!.stderr).toBe('');
    expect([a!.code, b!.code]).toEqual([0, 0]);

    const rows = await ctx.database.query<{ position: number | string; event_id: string; stream_id: string }>(
      'SELECT position, event_id, stream_id FROM events ORDER BY position',
    );
    const total = 2 * 2 * perProcess;
    expect(rows.map((r) => Number(r.position))).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(new Set(rows.map((r) => r.event_id)).size).toBe(total);
    for (const name of ['a', 'b']) {
      for (const part of ['own', 'shared']) {
        const ids = rows.filter((r) => r.event_id.startsWith(`${name}-${part}-`)).map((r) => r.event_id);
        expect(ids).toEqual(Array.from({ length: perProcess }, (_, i) => `${name}-${part}-${i}`));
      }
    }
    // The shared stream interleaves both writers with contiguous versions.
    const shared = await ctx.events.readStream('shared-1');
    expect(shared.map((e) => e.streamVersion)).toEqual(
      Array.from({ length: 2 * perProcess }, (_, i) => i + 1),
    );
    expect(await ctx.app.get(LogVerifier).verify()).toMatchObject({ ok: true, eventsChecked: total });
  });
});
