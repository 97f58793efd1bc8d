import type { Sql, Transaction } from '@app/database';
import {
  Checkpoints,
  InlineProjection,
  type Projection,
  Projector,
  type StoredEvent,
} from '@app/event-store';
import { Injectable } from '@nestjs/common';

import { createTestContext, DATABASE_KINDS, runCli, type TestContext } from '../support';

/**
 * A read model for the test: how many notes each author has, kept in a table it owns, written by
 * primary key only (its index by count is for reads).
 */
@Injectable()
@InlineProjection()
class NotesPerAuthor implements Projection {
  readonly name = 'test-notes-per-author';
  readonly tables = ['test_notes_per_author'];
  readonly eventTypes = ['NoteTaken'];
  readonly writesByPrimaryKey = true;
  /** The secondary indexes of its table when it last applied an event (SQLite). */
  indexesSeen: string[] = [];

  async apply(event: StoredEvent, tx: Transaction): Promise<void> {
    if (tx.kind === 'sqlite') this.indexesSeen = (await indexesOf(tx)).map((index) => index.name);
    await tx.execute(
      `INSERT INTO test_notes_per_author (author, notes) VALUES ($1, 1)
       ON CONFLICT (author) DO UPDATE SET notes = test_notes_per_author.notes + 1`,
      [String(event.data.author)],
    );
  }
}

function indexesOf(db: Sql): Promise<Array<{ name: string; sql: string }>> {
  return db.query(
    `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'test_notes_per_author' AND sql IS NOT NULL ORDER BY name`,
  );
}

describe.each(DATABASE_KINDS)('projections (%s)', (kind) => {
  let ctx: TestContext;

  const snapshot = async () => ({
    catalogue: await ctx.database.query('SELECT * FROM stream_catalogue ORDER BY stream_id'),
    notes: await ctx.database.query('SELECT author, notes FROM test_notes_per_author ORDER BY author'),
  });

  beforeEach(async () => {
    ctx = await createTestContext(kind, { providers: [NotesPerAuthor] });
    await ctx.database.execute(
      'CREATE TABLE test_notes_per_author (author text PRIMARY KEY, notes integer NOT NULL)',
    );
    await ctx.database.execute('CREATE INDEX test_notes_by_count ON test_notes_per_author (notes)');
  });
  afterEach(async () => {
    await ctx.close();
  });

  async function appendSome(): Promise<void> {
    for (let i = 0; i < 30; i += 1) {
      ctx.clock.advance(1_000);
      await ctx.events.append(`note-${i % 7}`, 'any', [
        { type: 'NoteTaken', data: { author: `author-${i % 3}` } },
        { type: 'NoteFiled', data: { folder: 'x' } },
      ]);
    }
  }

  it('are kept inside the append transaction, so a read right after a write sees it', async () => {
    await ctx.events.append('note-1', 0, [{ type: 'NoteTaken', data: { author: 'ana' } }]);

    expect(await ctx.database.query('SELECT author, notes FROM test_notes_per_author')).toEqual([
      { author: 'ana', notes: 1 },
    ]);
    expect(await ctx.database.query('SELECT stream_id, stream_type, version FROM stream_catalogue')).toEqual([
      { stream_id: 'note-1', stream_type: 'note', version: 1 },
    ]);
  });

  it('roll back with a failed append', async () => {
    await ctx.events.append('note-1', 0, [{ type: 'NoteTaken', data: { author: 'ana' } }]);
    await expect(
      ctx.events.append('note-1', 0, [{ type: 'NoteTaken', data: { author: 'ana' } }]),
    ).rejects.toThrow();
    expect(await ctx.database.query('SELECT notes FROM test_notes_per_author')).toEqual([{ notes: 1 }]);
  });

  it('rebuild from position 0 gives exactly the incrementally built read models', async () => {
    await appendSome();
    const incremental = await snapshot();
    expect(incremental.notes).toHaveLength(3);

    const reports = await ctx.app.get(Projector).rebuild();

    expect(reports.map((r) => [r.name, r.position])).toEqual([
      ['stream-catalogue', 60],
      ['test-notes-per-author', 60],
    ]);
    expect(reports.find((r) => r.name === 'test-notes-per-author')!.events).toBe(30);
    expect(await snapshot()).toEqual(incremental);
  });

  it('rebuild on SQLite builds the indexes of a projection written by primary key after the replay, as they were', async () => {
    if (kind !== 'sqlite') return;
    await appendSome();
    const projection = ctx.app.get(NotesPerAuthor);
    const before = await indexesOf(ctx.database);
    expect(projection.indexesSeen).toEqual(['test_notes_by_count']);

    await ctx.app.get(Projector).rebuild(['test-notes-per-author']);

    expect(projection.indexesSeen).toEqual([]);
    expect(await indexesOf(ctx.database)).toEqual(before);
    expect(
      await ctx.database.query('SELECT author FROM test_notes_per_author INDEXED BY test_notes_by_count'),
    ).toHaveLength(3);
  });

  it('npm run cli -- rebuild replays the log and leaves the read model as it was', async () => {
    await appendSome();
    const before = await ctx.database.query('SELECT * FROM stream_catalogue ORDER BY stream_id');
    await ctx.database.execute(`DELETE FROM stream_catalogue WHERE stream_id = 'note-3'`); // damage it

    const cli = await runCli(['rebuild', 'stream-catalogue', '--json'], ctx.env);

    expect(cli.code).toBe(0);
    expect(JSON.parse(cli.stdout)).toMatchObject({
      rebuilt: [{ name: 'stream-catalogue', events: 60, position: 60 }],
    });
    expect(await ctx.database.query('SELECT * FROM stream_catalogue ORDER BY stream_id')).toEqual(before);
  });

  it('a projection behind its checkpoint catches up before it applies new events', async () => {
    await appendSome();
    // As if the projection had been added in a release after these events were written.
    await ctx.database.execute('DELETE FROM test_notes_per_author');
    await ctx.database.execute(`DELETE FROM checkpoints WHERE name = 'test-notes-per-author'`);

    await ctx.events.append('note-new', 0, [{ type: 'NoteTaken', data: { author: 'author-0' } }]);

    expect(await ctx.app.get(Checkpoints).read(ctx.database, 'test-notes-per-author')).toBe(61);
    expect(
      await ctx.database.query('SELECT author, notes FROM test_notes_per_author ORDER BY author'),
    ).toEqual([
      { author: 'author-0', notes: 11 },
      { author: 'author-1', notes: 10 },
      { author: 'author-2', notes: 10 },
    ]);
  });

  // This machine's PostgreSQL runs no autovacuum: without ANALYZE the planner would plan for
  // tables as they were before the rewrite.
  if (kind === 'postgres') {
    const statistics = () =>
      ctx.database.query<{ attname: string }>(
        `SELECT attname FROM pg_stats WHERE schemaname = current_schema() AND tablename = 'test_notes_per_author'
         ORDER BY attname`,
      );

    it('rebuild analyzes the tables it rewrote, so the planner knows their rows', async () => {
      await appendSome();
      expect(await statistics()).toEqual([]);

      await ctx.app.get(Projector).rebuild(['test-notes-per-author']);

      expect(await statistics()).toEqual([{ attname: 'author' }, { attname: 'notes' }]);
    });

    it('a long catch-up analyzes the tables it filled; a short one leaves them be', async () => {
      const forget = async () => {
        await ctx.database.execute(`DELETE FROM test_notes_per_author`);
        await ctx.database.execute(`DELETE FROM checkpoints WHERE name = 'test-notes-per-author'`);
      };
      await ctx.events.append('note-1', 0, [{ type: 'NoteTaken', data: { author: 'ana' } }]);
      await forget();
      await ctx.app.get(Projector).catchUp();
      expect(await statistics()).toEqual([]);

      const notes = Array.from({ length: 5_000 }, (_, i) => ({
        type: 'NoteTaken',
        data: { author: `author-${i % 50}` },
      }));
      await ctx.events.append('note-2', 0, notes);
      await forget();
      await ctx.app.get(Projector).catchUp();

      expect(await statistics()).toEqual([{ attname: 'author' }, { attname: 'notes' }]);
    });
  }
});
