import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Counting the active entries as of position P without reading every version: the versions that
 * held then are those that began by P less those that had ended by P, two index range counts.
 */
export class TimelineVersionsCount1795307130000 implements MigrationInterface {
  name = 'TimelineVersionsCount1795307130000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `CREATE INDEX timeline_entry_versions_active_from ON timeline_entry_versions (valid_from) WHERE status = 'active'`,
    );
    await runner.query(
      `CREATE INDEX timeline_entry_versions_active_until ON timeline_entry_versions (valid_until) WHERE status = 'active'`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX timeline_entry_versions_active_until`);
    await runner.query(`DROP INDEX timeline_entry_versions_active_from`);
  }
}
