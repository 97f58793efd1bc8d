import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The timeline read model (a projection of `entry-*` streams; `rebuild` recreates its rows).
 * Filters go through one tag table (country, category, actor); text search is substring search on
 * a lower-cased text, indexed by trigrams (FTS5 on SQLite, pg_trgm on PostgreSQL), so it works the
 * same for English, Russian and Chinese, which has no spaces between words.
 */
export class Timeline1795305800000 implements MigrationInterface {
  name = 'Timeline1795305800000';

  async up(runner: QueryRunner): Promise<void> {
    const postgres = runner.connection.options.type === 'postgres';
    await runner.query(`CREATE TABLE timeline_entries (
      id text PRIMARY KEY,
      title text NOT NULL,
      summary text NOT NULL,
      date_start text NOT NULL,
      date_end text,
      date_precision text NOT NULL,
      first_day text NOT NULL,
      last_day_exclusive text NOT NULL,
      countries text NOT NULL,
      actors text NOT NULL,
      categories text NOT NULL,
      sources text NOT NULL,
      status text NOT NULL,
      retraction text,
      recorded_at text NOT NULL,
      updated_at text NOT NULL,
      version integer NOT NULL,
      search_text text NOT NULL
    )`);
    await runner.query(`CREATE INDEX timeline_entries_by_date ON timeline_entries (first_day, id)`);
    await runner.query(`CREATE INDEX timeline_entries_by_recorded ON timeline_entries (recorded_at, id)`);
    await runner.query(`CREATE TABLE timeline_entry_tags (
      kind text NOT NULL,
      value text NOT NULL,
      entry_id text NOT NULL,
      PRIMARY KEY (kind, value, entry_id)
    )`);
    await runner.query(`CREATE INDEX timeline_entry_tags_by_entry ON timeline_entry_tags (entry_id)`);
    if (postgres) {
      await runner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public`);
      await runner.query(
        `CREATE INDEX timeline_entries_search ON timeline_entries USING gin (search_text public.gin_trgm_ops)`,
      );
    } else {
      await runner.query(
        `CREATE VIRTUAL TABLE timeline_search USING fts5(entry_id UNINDEXED, search_text, tokenize = 'trigram')`,
      );
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    if (runner.connection.options.type !== 'postgres') await runner.query(`DROP TABLE timeline_search`);
    await runner.query(`DROP TABLE timeline_entry_tags`);
    await runner.query(`DROP TABLE timeline_entries`);
  }
}
