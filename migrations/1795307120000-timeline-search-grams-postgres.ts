import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * PostgreSQL text search for terms of one or two characters (issue 13): pg_trgm cannot use its
 * index for fewer than three characters, so `LIKE '%中亚%'` read every row. `search_grams` holds the
 * same tokens as SQLite's `timeline_search_grams` (each character and each pair of adjacent
 * characters within a word, see `searchGrams`) in an array with a GIN index: a short term is
 * `search_grams @> ARRAY[token]`, exact, and indexed. SQLite is unchanged.
 *
 * Derived data: the read model is emptied and replayed from the log (as `rebuild` would).
 */
export class TimelineSearchGramsPostgres1795307120000 implements MigrationInterface {
  name = 'TimelineSearchGramsPostgres1795307120000';

  async up(runner: QueryRunner): Promise<void> {
    if (runner.connection.options.type !== 'postgres') return;
    await emptyReadModel(runner);
    await runner.query(`ALTER TABLE timeline_entries ADD COLUMN search_grams text[] NOT NULL DEFAULT '{}'`);
    await runner.query(
      `CREATE INDEX timeline_entries_search_grams ON timeline_entries USING gin (search_grams)`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    if (runner.connection.options.type !== 'postgres') return;
    await emptyReadModel(runner);
    await runner.query(`DROP INDEX timeline_entries_search_grams`);
    await runner.query(`ALTER TABLE timeline_entries DROP COLUMN search_grams`);
  }
}

async function emptyReadModel(runner: QueryRunner): Promise<void> {
  for (const table of [
    'timeline_entry_version_tags',
    'timeline_entry_versions',
    'timeline_entry_tags',
    'timeline_entries',
  ])
    await runner.query(`DELETE FROM ${table}`);
  await runner.query(`DELETE FROM projection_checkpoints WHERE name = 'timeline'`);
}
