import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The timeline read model gains places and shows sources folded (each document once, with its
 * quotes), searches sources' quotes and excerpts too, and pages newest-recorded first (issue 11).
 *
 * - `timeline_entries.places`: the entry's places as JSON; tags of kind `place` filter by them.
 * - `timeline_entries_active_by_recorded`: active entries by recorded time, for `sort=recorded-desc`.
 *
 * The rows are derived data in a new shape (sources, search text): the migration empties the
 * model and forgets its checkpoint, so the projector replays the log into it before the process
 * serves anything, exactly as `rebuild` would. The log itself is untouched.
 */
export class TimelinePlacesSort1795307100000 implements MigrationInterface {
  name = 'TimelinePlacesSort1795307100000';

  async up(runner: QueryRunner): Promise<void> {
    await emptyReadModel(runner);
    await runner.query(`ALTER TABLE timeline_entries ADD COLUMN places text NOT NULL DEFAULT '[]'`);
    await runner.query(
      `CREATE INDEX timeline_entries_active_by_recorded ON timeline_entries (recorded_at, id)
       WHERE status = 'active'`,
    );
    await runner.query(`DELETE FROM projection_checkpoints WHERE name = 'timeline'`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await emptyReadModel(runner);
    await runner.query(`DROP INDEX timeline_entries_active_by_recorded`);
    await runner.query(`ALTER TABLE timeline_entries DROP COLUMN places`);
    await runner.query(`DELETE FROM projection_checkpoints WHERE name = 'timeline'`);
  }
}

async function emptyReadModel(runner: QueryRunner): Promise<void> {
  await runner.query(`DELETE FROM timeline_entry_tags`);
  await runner.query(`DELETE FROM timeline_entries`);
  if (runner.connection.options.type !== 'postgres') {
    for (const table of ['timeline_search', 'timeline_search_grams'])
      await runner.query(`INSERT INTO ${table} (${table}) VALUES ('delete-all')`);
  }
}
