import { Database } from '@app/database';
import { DATABASE_KINDS, testConfig } from '@app/testing';
import type { DataSource } from 'typeorm';

/**
 * The timeline's write migrations of issue 13, up, down and up again: FTS5's `hashsize` of SQLite's
 * search tables (16 MB, back to the default 1 MB), and SQLite's indexes of tags by entry (dropped,
 * back). PostgreSQL keeps its defaults and its indexes throughout.
 */
describe.each(DATABASE_KINDS)('timeline write migrations (%s)', (kind) => {
  let database: Database;

  beforeEach(async () => {
    database = await Database.open(testConfig(kind).config.database, { migrate: true });
  });
  afterEach(async () => {
    await database.close();
  });

  const MB = 2 ** 20;
  const hashSizes = async () => {
    const sizes: Record<string, number | undefined> = {};
    for (const table of ['timeline_search', 'timeline_search_grams']) {
      const rows = await database.query<{ v: number }>(`SELECT v FROM ${table}_config WHERE k = 'hashsize'`);
      sizes[table] = rows[0]?.v;
    }
    return sizes;
  };
  const tagIndexesByEntry = async () => {
    const names = ['timeline_entry_tags_by_entry', 'timeline_entry_version_tags_by_entry'];
    const rows = await database.query<{ name: string }>(
      kind === 'sqlite'
        ? `SELECT name FROM sqlite_master WHERE type = 'index' AND name IN ($1, $2) ORDER BY name`
        : `SELECT indexname AS name FROM pg_indexes WHERE indexname IN ($1, $2) AND schemaname = current_schema()
           ORDER BY indexname`,
      names,
    );
    return rows.map((row) => row.name);
  };
  const expectMigrated = async (migrated: boolean) => {
    if (kind === 'sqlite') {
      const size = migrated ? 16 * MB : MB;
      expect(await hashSizes()).toEqual({ timeline_search: size, timeline_search_grams: size });
    }
    expect(await tagIndexesByEntry()).toEqual(
      migrated && kind === 'sqlite'
        ? []
        : ['timeline_entry_tags_by_entry', 'timeline_entry_version_tags_by_entry'],
    );
  };

  it('go up, down and up again', async () => {
    await expectMigrated(true);
    const writer = (database as unknown as { writer: DataSource }).writer;
    const ran = async () =>
      (await database.query<{ name: string }>('SELECT name FROM migrations')).map((row) => row.name);
    while ((await ran()).includes('TimelineSearchHashSize1795308000000')) {
      await writer.undoLastMigration({ transaction: 'each' });
    }
    await expectMigrated(false);
    expect(await database.migrate()).toEqual(
      expect.arrayContaining(['TimelineSearchHashSize1795308000000', 'TimelineTagsByEntry1795308010000']),
    );
    await expectMigrated(true);
  });
});
