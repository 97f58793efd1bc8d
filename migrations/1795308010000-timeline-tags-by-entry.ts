import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SQLite drops the indexes of tags by entry (issue 13): the projection now finds an entry's tags
 * by their primary key (kind, value, entry), from the entry it read, and no read of SQLite's uses
 * them (its planner takes the covering tag indexes). Each append wrote five rows into each, about
 * a tenth of the pages it changed. PostgreSQL keeps them: its planner may look tags up by entry
 * for a facet of a few matches. Only indexes change: nothing to replay.
 */
export class TimelineTagsByEntry1795308010000 implements MigrationInterface {
  name = 'TimelineTagsByEntry1795308010000';

  async up(runner: QueryRunner): Promise<void> {
    if (runner.connection.options.type === 'postgres') return;
    await runner.query(`DROP INDEX timeline_entry_tags_by_entry`);
    await runner.query(`DROP INDEX timeline_entry_version_tags_by_entry`);
  }

  async down(runner: QueryRunner): Promise<void> {
    if (runner.connection.options.type === 'postgres') return;
    await runner.query(`CREATE INDEX timeline_entry_tags_by_entry ON timeline_entry_tags (entry_id)`);
    await runner.query(
      `CREATE INDEX timeline_entry_version_tags_by_entry ON timeline_entry_version_tags (entry_id, valid_until)`,
    );
  }
}
