import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One table of checkpoints (issue 16): projections kept theirs in `projection_checkpoints`, the
 * alert dispatcher its own in `alert_dispatch_checkpoint`. Both now live in `checkpoints`, each row
 * saying whether it is a projection's or a processor's; the dispatcher keeps its position (under
 * the name `alert-dispatcher`), so nothing is dispatched again or skipped.
 */
export class Checkpoints1795307750000 implements MigrationInterface {
  name = 'Checkpoints1795307750000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE projection_checkpoints RENAME TO checkpoints');
    await runner.query(`ALTER TABLE checkpoints ADD COLUMN kind text NOT NULL DEFAULT 'projection'`);
    await runner.query(
      `INSERT INTO checkpoints (name, kind, position, updated_at)
       SELECT 'alert-dispatcher', 'processor', position, updated_at FROM alert_dispatch_checkpoint
       WHERE name = 'dispatcher'`,
    );
    await runner.query('DROP TABLE alert_dispatch_checkpoint');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE alert_dispatch_checkpoint (
      name text PRIMARY KEY,
      position bigint NOT NULL,
      updated_at text NOT NULL
    )`);
    await runner.query(
      `INSERT INTO alert_dispatch_checkpoint (name, position, updated_at)
       SELECT 'dispatcher', position, updated_at FROM checkpoints WHERE name = 'alert-dispatcher'`,
    );
    await runner.query(`DELETE FROM checkpoints WHERE kind = 'processor'`);
    await runner.query('ALTER TABLE checkpoints DROP COLUMN kind');
    await runner.query('ALTER TABLE checkpoints RENAME TO projection_checkpoints');
  }
}
