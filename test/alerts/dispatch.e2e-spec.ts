import { DISPATCHER } from '@app/alerts';
import { Checkpoints } from '@app/event-store';

import { DATABASE_KINDS, testConfig } from '../support';
import { addEntry, openProduct, type Product, startChild } from './alerts-fixture';

/**
 * The dispatcher's promise (DESIGN.md section 7): each entry event becomes exactly one delivery row
 * per subscription it is owed to, even with two workers dispatching at once while reviewers approve.
 * The two dispatchers are real processes on one database; the test approves and amends meanwhile.
 */
describe.each(DATABASE_KINDS)('two dispatchers at once (%s)', (kind) => {
  let product: Product;
  let env: Record<string, string>;

  beforeAll(async () => {
    const made = testConfig(kind, { UNDO_WINDOW: '0s' });
    env = made.env;
    product = await openProduct(made.config);
  });
  afterAll(async () => {
    await product?.close();
  });

  it('never insert a delivery twice and never skip one; each event is dispatched by one of them', async () => {
    const subscribe = (filters: Record<string, string[]>, over: { channel?: 'email'; mode?: 'daily' } = {}) =>
      product.subscriptions.create(
        {
          channel: over.channel ?? 'webhook',
          target: over.channel === 'email' ? 'analyst@example.org' : 'https://hooks.example.org/alerts',
          filters,
          mode: over.mode,
          ownerKeyId: null,
          confirmed: true,
        },
        { actor: 'test' },
      );
    const everything = await subscribe({});
    const tajik = await subscribe({ countries: ['TJ'] });
    const patrols = await subscribe({ keywords: ['patrol'] });
    const digest = await subscribe({ countries: ['TJ'] }, { channel: 'email', mode: 'daily' });
    const paused = await subscribe({});
    await product.subscriptions.pause(paused.subscription.id, { actor: 'test' });

    const entries = 40;
    const amendments = 10;
    const start = await product.app.get(Checkpoints).read(product.database, DISPATCHER);
    const head = (await product.events.head()).position;
    const until = head + entries + amendments;

    // Both dispatch as fast as they can from before the first approval to after the last.
    const runners = await Promise.all(
      [1, 2].map(() =>
        startChild('dist/test/alerts/dispatch-runner.js', env, /dispatcher ready/, {
          args: [String(until)],
          timeoutMs: 60_000,
        }),
      ),
    );
    const ids: string[] = [];
    for (let i = 0; i < entries; i += 1) {
      const tajikEntry = i % 2 === 0;
      ids.push(
        await addEntry(product.timeline, {
          title: i % 4 === 0 ? `Joint patrol number ${i}` : `Training course ${i}`,
          summary: 'Officers of both services took part.',
          countries: tajikEntry ? ['TJ', 'CN'] : ['KZ', 'CN'],
        }),
      );
    }
    // Corrections of the first ten: they go to whoever got each addition, matching or not.
    for (const id of ids.slice(0, amendments)) {
      await product.timeline.execute(
        { kind: 'amend', entryId: id, changes: { countries: ['UZ'] }, reason: 'wrong country' },
        { actor: 'key:reviewer' },
      );
    }
    expect(await Promise.all(runners.map((runner) => runner.exited))).toEqual([0, 0]);
    const counts = runners.map(
      (runner) =>
        JSON.parse(/\{.*\}/.exec(runner.output())![0]) as {
          events: number;
          deliveries: number;
          batches: number;
        },
    );
    // Every event between the start and the end was dispatched by exactly one of the two (and both
    // took part: a race needs two).
    expect(counts.map((c) => c.batches > 0)).toEqual([true, true]);
    expect(counts[0]!.events + counts[1]!.events).toBe(until - start);

    const rows = await product.database.query<{
      entry_id: string;
      subscription_id: string;
      kind: string;
      status: string;
    }>('SELECT entry_id, subscription_id, kind, status FROM deliveries');
    const got = rows.map((r) => `${r.kind} ${r.entry_id} ${r.subscription_id} ${r.status}`).sort();
    const expected: string[] = [];
    ids.forEach((id, i) => {
      const owed = [everything.subscription.id];
      if (i % 2 === 0) owed.push(tajik.subscription.id);
      if (i % 4 === 0) owed.push(patrols.subscription.id);
      for (const sub of owed) {
        expected.push(`added ${id} ${sub} pending`);
        if (i < amendments) expected.push(`amended ${id} ${sub} pending`);
      }
      if (i % 2 === 0) {
        expected.push(`added ${id} ${digest.subscription.id} held`);
        if (i < amendments) expected.push(`amended ${id} ${digest.subscription.id} held`);
      }
    });
    expect(got).toEqual(expected.sort());
    // What they queued is what is pending: nothing queued twice, nothing held queued.
    expect(counts[0]!.deliveries + counts[1]!.deliveries).toBe(
      rows.filter((r) => r.status === 'pending').length,
    );
  }, 180_000);
});
