import { Database } from '@app/database';
import { MIGRATIONS } from '@app/migrations';
import { DATABASE_KINDS, testConfig } from '@app/testing';

describe.each(DATABASE_KINDS)('migrating one fresh database from several processes at once (%s)', (kind) => {
  it('runs every migration exactly once and every opener succeeds', async () => {
    const { config } = testConfig(kind);
    // Separate Database instances have separate connections, as separate processes would.
    const opened = await Promise.all(
      Array.from({ length: 4 }, () => Database.open(config.database, { migrate: true })),
    );
    try {
      const ran = await opened[0]!.query<{ name: string }>('SELECT name FROM migrations ORDER BY id');
      expect(ran.map((row) => row.name)).toEqual(MIGRATIONS.map((migration) => new migration().name));
      for (const database of opened) expect(await database.pendingMigrations()).toBe(false);
    } finally {
      await Promise.all(opened.map((database) => database.close()));
    }
  });
});
