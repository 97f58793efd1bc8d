import { Database } from '@app/database';
import { Checkpoints } from '@app/event-store';

import { createTestContext, DATABASE_KINDS, type TestContext } from '../support';

/**
 * The one checkpoint mechanism (issue 16): projections and processors keep their position in
 * `checkpoints`, moved compare-and-set inside the caller's transaction.
 */
describe.each(DATABASE_KINDS)('checkpoints (%s)', (kind) => {
  let ctx: TestContext;
  let checkpoints: Checkpoints;

  beforeEach(async () => {
    ctx = await createTestContext(kind);
    checkpoints = ctx.app.get(Checkpoints);
  });
  afterEach(async () => {
    await ctx.close();
  });

  const advance = (database: Database, name: string, from: number, to: number) =>
    database.transaction((tx) => checkpoints.advance(tx, name, 'processor', from, to));

  it('start at 0, move only from where they are, and never back', async () => {
    expect(await checkpoints.read(ctx.database, 'test-reader')).toBe(0);
    expect(await advance(ctx.database, 'test-reader', 0, 5)).toBe(true);
    expect(await advance(ctx.database, 'test-reader', 0, 7)).toBe(false);
    expect(await advance(ctx.database, 'test-reader', 4, 7)).toBe(false);
    expect(await checkpoints.read(ctx.database, 'test-reader')).toBe(5);
    expect(await advance(ctx.database, 'test-reader', 5, 9)).toBe(true);
    await expect(advance(ctx.database, 'test-reader', 9, 3)).rejects.toThrow(/cannot move back/);
    expect(await checkpoints.read(ctx.database, 'test-reader')).toBe(9);
    expect(await checkpoints.names(ctx.database, 'processor')).toContain('test-reader');
    expect(await checkpoints.names(ctx.database, 'projection')).not.toContain('test-reader');
  });

  it('several move in one statement only when every one is where the caller read it', async () => {
    const names = ['test-a', 'test-b', 'test-c'];
    const advanceAll = (from: number, to: number, which = names) =>
      ctx.database.transaction((tx) => checkpoints.advanceAll(tx, which, 'projection', from, to));
    expect(await advanceAll(0, 4)).toBe(true);
    expect(await advance(ctx.database, 'test-b', 4, 6)).toBe(true);
    // test-b is at 6: the move as a whole did not happen, and its caller rolls back.
    await expect(
      ctx.database.transaction(async (tx) => {
        if (!(await checkpoints.advanceAll(tx, names, 'projection', 4, 8))) throw new Error('lost');
      }),
    ).rejects.toThrow('lost');
    expect([...(await checkpoints.readAll(ctx.database, [...names, 'test-none']))]).toEqual([
      ['test-a', 4],
      ['test-b', 6],
      ['test-c', 4],
      ['test-none', 0],
    ]);
    expect(await advanceAll(4, 6, ['test-a', 'test-c'])).toBe(true);
    expect(await advanceAll(6, 9)).toBe(true);
    expect(await checkpoints.read(ctx.database, 'test-c')).toBe(9);
  });

  it('a move rolled back with its transaction did not happen', async () => {
    await expect(
      ctx.database.transaction(async (tx) => {
        await checkpoints.advance(tx, 'test-reader', 'processor', 0, 5);
        throw new Error('the work failed');
      }),
    ).rejects.toThrow('the work failed');
    expect(await checkpoints.read(ctx.database, 'test-reader')).toBe(0);
  });

  it('of two connections that read the same position, exactly one moves it each round', async () => {
    // A second connection of its own (on SQLite, a second writer on the file), as another process has.
    const other = await Database.open(ctx.config.database, { migrate: false });
    try {
      const rounds = 20;
      for (let round = 0; round < rounds; round += 1) {
        const [a, b] = await Promise.all([
          checkpoints.read(ctx.database, 'test-race'),
          checkpoints.read(other, 'test-race'),
        ]);
        expect(a).toBe(round);
        expect(b).toBe(round);
        // On PostgreSQL the two transactions run at once (the loser waits on the row, then sees it
        // moved); on SQLite the file's write lock takes them one after the other.
        const moved =
          kind === 'postgres'
            ? await Promise.all([
                advance(ctx.database, 'test-race', a, a + 1),
                advance(other, 'test-race', b, b + 1),
              ])
            : [
                await advance(ctx.database, 'test-race', a, a + 1),
                await advance(other, 'test-race', b, b + 1),
              ];
        expect(moved.filter(Boolean)).toHaveLength(1);
      }
      expect(await checkpoints.read(ctx.database, 'test-race')).toBe(rounds);
    } finally {
      await other.close();
    }
  });

  it('the migration carries the alert dispatcher’s position over, and keeps the projections’', async () => {
    await ctx.events.append('note-1', 0, [{ type: 'NoteTaken', data: {} }]);
    // Undo this migration (and any that came after it), as if the database were from before it.
    const ran = async () =>
      (await ctx.database.query<{ name: string }>('SELECT name FROM migrations')).map((row) => row.name);
    while ((await ran()).includes('Checkpoints1795307750000')) {
      await ctx.database.dataSource.undoLastMigration({ transaction: 'each' });
    }
    await ctx.database.execute(
      `UPDATE alert_dispatch_checkpoint SET position = 42 WHERE name = 'dispatcher'`,
    );
    await ctx.database.migrate();

    expect(await checkpoints.read(ctx.database, 'alert-dispatcher')).toBe(42);
    expect(await checkpoints.names(ctx.database, 'processor')).toEqual(['alert-dispatcher']);
    expect(await checkpoints.names(ctx.database, 'projection')).toContain('stream-catalogue');
    expect(await checkpoints.read(ctx.database, 'stream-catalogue')).toBe(1);
  });
});
