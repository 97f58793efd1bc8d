import { createTestContext, DATABASE_KINDS, type TestContext } from '../support';

// afterCommit callbacks run once the transaction commits, and only for the writes that were
// committed: one registered in a savepoint that rolls back goes with that savepoint's writes.
describe.each(DATABASE_KINDS)('a transaction’s afterCommit callbacks (%s)', (kind) => {
  let ctx: TestContext;

  beforeAll(async () => {
    ctx = await createTestContext(kind);
    await ctx.database.execute('CREATE TABLE after_commit_probe (id INTEGER PRIMARY KEY, label TEXT)');
  });
  afterAll(async () => {
    await ctx.close();
  });

  it('runs those of the work kept, not those of a savepoint rolled back, nor of a transaction rolled back', async () => {
    const ran: string[] = [];
    await ctx.database.transaction(async (tx) => {
      await tx.execute(`INSERT INTO after_commit_probe (id, label) VALUES (1, 'before')`);
      tx.afterCommit(() => ran.push('before'));
      await expect(
        tx.savepoint(async () => {
          await tx.execute(`INSERT INTO after_commit_probe (id, label) VALUES (2, 'failed')`);
          tx.afterCommit(() => ran.push('failed'));
          throw new Error('this work fails');
        }),
      ).rejects.toThrow('this work fails');
      await tx.savepoint(async () => {
        await tx.execute(`INSERT INTO after_commit_probe (id, label) VALUES (3, 'kept')`);
        tx.afterCommit(() => ran.push('kept'));
      });
      tx.afterCommit(() => ran.push('after'));
      // Nothing runs before the commit.
      expect(ran).toEqual([]);
    });
    expect(ran).toEqual(['before', 'kept', 'after']);
    const rows = await ctx.database.query<{ label: string }>(
      'SELECT label FROM after_commit_probe ORDER BY id',
    );
    expect(rows.map((row) => row.label)).toEqual(['before', 'kept']);

    await expect(
      ctx.database.transaction(async (tx) => {
        await tx.execute(`INSERT INTO after_commit_probe (id, label) VALUES (4, 'rolled back')`);
        tx.afterCommit(() => ran.push('rolled back'));
        throw new Error('the whole transaction fails');
      }),
    ).rejects.toThrow('the whole transaction fails');
    expect(ran).toEqual(['before', 'kept', 'after']);
  });
});
