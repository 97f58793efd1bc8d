import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Timeline queries that stay fast at 100k entries (issue 3). The read model is derived data, so
 * rather than converting its rows in SQL this migration recreates its tables in the new shape, empty,
 * and forgets the projection's checkpoint: the projector replays the log into them before the
 * process serves anything (EventStoreModule's bootstrap catch-up), exactly as `rebuild` would. This
 * works the same on an empty database and on one already holding entries.
 *
 * - `timeline_entries.sort_key`: an integer that orders entries by first day, then by the log
 *   position of their EntryAdded event (unique; a rebuild reproduces it). It is the rowid of the
 *   SQLite search tables (negated while the entry is retracted, so "active only" is a rowid range),
 *   so their rows are deleted by rowid, and a search finds its first page without reading every match.
 * - Active entries are counted and paged from narrow partial indexes in timeline order, and tags
 *   carry the entry's status, dates and sort key, so a tag filter reads wide rows only for the page.
 * - SQLite text search: FTS5 MATCH on a trigram table (terms of 3+ characters) and on a table of
 *   character unigrams and bigrams (shorter terms, such as two-character Chinese words). Both are
 *   contentless: the text itself lives in `timeline_entries.search_text`.
 * - PostgreSQL keeps its pg_trgm GIN index on `search_text`.
 */
export class TimelineQueryIndexes1795305900000 implements MigrationInterface {
  name = 'TimelineQueryIndexes1795305900000';

  async up(runner: QueryRunner): Promise<void> {
    const postgres = runner.connection.options.type === 'postgres';
    await dropReadModel(runner, postgres);
    await runner.query(`CREATE TABLE timeline_entries (
      id text PRIMARY KEY,
      sort_key bigint NOT NULL UNIQUE,
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
    await runner.query(
      `CREATE INDEX timeline_entries_active_by_date ON timeline_entries (first_day, id, last_day_exclusive, sort_key)
       WHERE status = 'active'`,
    );
    await runner.query(
      `CREATE INDEX timeline_entries_by_sort_key ON timeline_entries (sort_key, first_day, id)`,
    );
    await runner.query(`CREATE TABLE timeline_entry_tags (
      kind text NOT NULL,
      value text NOT NULL,
      entry_id text NOT NULL,
      entry_sort_key bigint NOT NULL,
      status text NOT NULL,
      first_day text NOT NULL,
      last_day_exclusive text NOT NULL,
      PRIMARY KEY (kind, value, entry_id)
    )`);
    await runner.query(`CREATE INDEX timeline_entry_tags_by_entry ON timeline_entry_tags (entry_id)`);
    await runner.query(
      `CREATE INDEX timeline_entry_tags_active
       ON timeline_entry_tags (kind, value, first_day, entry_id, last_day_exclusive, entry_sort_key)
       WHERE status = 'active'`,
    );
    if (postgres) {
      await runner.query(
        `CREATE INDEX timeline_entries_search ON timeline_entries USING gin (search_text public.gin_trgm_ops)`,
      );
    } else {
      await runner.query(
        `CREATE VIRTUAL TABLE timeline_search USING fts5(search_text,
           tokenize = 'trigram case_sensitive 1', content = '', contentless_delete = 1)`,
      );
      await runner.query(
        `CREATE VIRTUAL TABLE timeline_search_grams USING fts5(grams,
           tokenize = 'ascii', content = '', contentless_delete = 1, detail = none)`,
      );
    }
    await forgetCheckpoint(runner);
  }

  /** Back to the shape of Timeline1795305800000, empty; the projection of that release refills it. */
  async down(runner: QueryRunner): Promise<void> {
    const postgres = runner.connection.options.type === 'postgres';
    await dropReadModel(runner, postgres);
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
      await runner.query(
        `CREATE INDEX timeline_entries_search ON timeline_entries USING gin (search_text public.gin_trgm_ops)`,
      );
    } else {
      await runner.query(
        `CREATE VIRTUAL TABLE timeline_search USING fts5(entry_id UNINDEXED, search_text, tokenize = 'trigram')`,
      );
    }
    await forgetCheckpoint(runner);
  }
}

async function dropReadModel(runner: QueryRunner, postgres: boolean): Promise<void> {
  if (!postgres) {
    await runner.query(`DROP TABLE IF EXISTS timeline_search`);
    await runner.query(`DROP TABLE IF EXISTS timeline_search_grams`);
  }
  await runner.query(`DROP TABLE timeline_entry_tags`);
  await runner.query(`DROP TABLE timeline_entries`);
}

/** The projector replays the whole log into a projection without a checkpoint. */
async function forgetCheckpoint(runner: QueryRunner): Promise<void> {
  await runner.query(`DELETE FROM projection_checkpoints WHERE name = 'timeline'`);
}
