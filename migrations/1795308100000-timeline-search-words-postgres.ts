import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * PostgreSQL text search for terms of three characters or more without reading the text (issue 13):
 * pg_trgm's index only narrows `LIKE '%term%'` down, and every candidate's text is then read and
 * matched again, which made such searches 2.4–7.6 times slower than SQLite's FTS5.
 *
 * A term has no whitespace, so it occurs in a text exactly when it occurs in one of the text's
 * words (`searchWords`). `timeline_search_vocabulary` holds every word of every entry once, with a
 * pg_trgm index: short rows, cheap to match again. `timeline_entries.search_words` holds each
 * entry's words in an array with a GIN index, where overlap (`&&`) is exact. A term is then
 * `search_words && ARRAY(the vocabulary's words that contain it)`: the same rows, from indexes only.
 * Words are added to the vocabulary and never removed but by a rebuild: one no entry holds any more
 * matches no entry. SQLite is unchanged.
 *
 * Derived data: the read model is emptied and replayed from the log (as `rebuild` would).
 */
export class TimelineSearchWordsPostgres1795308100000 implements MigrationInterface {
  name = 'TimelineSearchWordsPostgres1795308100000';

  async up(runner: QueryRunner): Promise<void> {
    if (runner.connection.options.type !== 'postgres') return;
    await emptyReadModel(runner);
    await runner.query(`ALTER TABLE timeline_entries ADD COLUMN search_words text[] NOT NULL DEFAULT '{}'`);
    await runner.query(
      `CREATE INDEX timeline_entries_search_words ON timeline_entries USING gin (search_words)`,
    );
    await runner.query(`CREATE TABLE timeline_search_vocabulary (word text PRIMARY KEY)`);
    await runner.query(
      `CREATE INDEX timeline_search_vocabulary_trigrams
       ON timeline_search_vocabulary USING gin (word public.gin_trgm_ops)`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    if (runner.connection.options.type !== 'postgres') return;
    await emptyReadModel(runner);
    await runner.query(`DROP TABLE timeline_search_vocabulary`);
    await runner.query(`DROP INDEX timeline_entries_search_words`);
    await runner.query(`ALTER TABLE timeline_entries DROP COLUMN search_words`);
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
  await runner.query(`DELETE FROM checkpoints WHERE name = 'timeline'`);
}
