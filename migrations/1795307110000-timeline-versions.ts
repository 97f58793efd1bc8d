import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Time travel from the read model (DESIGN.md section 3, guarantee 7; issue 11): every version of
 * every entry, with the log positions from which (`valid_from`, the event that made it) and until
 * which (`valid_until`, the entry's next event; 2^53 - 1 while it is current) it held, and its tags
 * likewise. "As of" position P is then the rows with `valid_from <= P < valid_until`: an indexed
 * query with the same filters as the present, instead of a fold of the whole log.
 *
 * Derived data: the migration empties the timeline read model and forgets its checkpoint, so the
 * projector replays the log into every table, versions included, as `rebuild` would.
 */
export class TimelineVersions1795307110000 implements MigrationInterface {
  name = 'TimelineVersions1795307110000';

  async up(runner: QueryRunner): Promise<void> {
    const postgres = runner.connection.options.type === 'postgres';
    await runner.query(`CREATE TABLE timeline_entry_versions (
      id text NOT NULL,
      version integer NOT NULL,
      valid_from bigint NOT NULL,
      valid_until bigint NOT NULL,
      sort_key bigint NOT NULL,
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
      places text NOT NULL,
      sources text NOT NULL,
      status text NOT NULL,
      retraction text,
      recorded_at text NOT NULL,
      updated_at text NOT NULL,
      search_text text NOT NULL,
      PRIMARY KEY (id, version)
    )`);
    await runner.query(
      `CREATE INDEX timeline_entry_versions_active_by_date
       ON timeline_entry_versions (first_day, id, valid_from, valid_until, last_day_exclusive, sort_key)
       WHERE status = 'active'`,
    );
    await runner.query(
      `CREATE INDEX timeline_entry_versions_by_date
       ON timeline_entry_versions (first_day, id, valid_from, valid_until)`,
    );
    await runner.query(
      `CREATE INDEX timeline_entry_versions_active_by_recorded
       ON timeline_entry_versions (recorded_at, id, valid_from, valid_until) WHERE status = 'active'`,
    );
    await runner.query(`CREATE TABLE timeline_entry_version_tags (
      kind text NOT NULL,
      value text NOT NULL,
      entry_id text NOT NULL,
      version integer NOT NULL,
      valid_from bigint NOT NULL,
      valid_until bigint NOT NULL,
      entry_sort_key bigint NOT NULL,
      status text NOT NULL,
      first_day text NOT NULL,
      last_day_exclusive text NOT NULL,
      PRIMARY KEY (kind, value, entry_id, version)
    )`);
    await runner.query(
      `CREATE INDEX timeline_entry_version_tags_by_entry ON timeline_entry_version_tags (entry_id, valid_until)`,
    );
    await runner.query(
      `CREATE INDEX timeline_entry_version_tags_active
       ON timeline_entry_version_tags (kind, value, first_day, entry_id, valid_from, valid_until, last_day_exclusive, entry_sort_key)
       WHERE status = 'active'`,
    );
    if (postgres) {
      await runner.query(
        `CREATE INDEX timeline_entry_versions_search ON timeline_entry_versions
         USING gin (search_text public.gin_trgm_ops)`,
      );
    }
    await emptyReadModel(runner);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE timeline_entry_version_tags`);
    await runner.query(`DROP TABLE timeline_entry_versions`);
    await emptyReadModel(runner);
  }
}

async function emptyReadModel(runner: QueryRunner): Promise<void> {
  await runner.query(`DELETE FROM timeline_entry_tags`);
  await runner.query(`DELETE FROM timeline_entries`);
  if (runner.connection.options.type !== 'postgres') {
    for (const table of ['timeline_search', 'timeline_search_grams'])
      await runner.query(`INSERT INTO ${table} (${table}) VALUES ('delete-all')`);
  }
  await runner.query(`DELETE FROM projection_checkpoints WHERE name = 'timeline'`);
}
