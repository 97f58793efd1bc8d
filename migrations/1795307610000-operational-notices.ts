import type { MigrationInterface, QueryRunner } from 'typeorm';

const KINDS_BEFORE = "'added', 'amended', 'retracted'";
const KINDS_AFTER = "'added', 'amended', 'retracted', 'notice'";

/**
 * Operational notices (issue 12): what the installation tells its admins (a feed gone silent),
 * sent to subscriptions that opted in, through the same deliveries as alerts. `notices` holds each
 * notice once (operational state, not history); a delivery of one has kind `notice` and the
 * notice's id as its `event_id`, so it is unique per notice, subscription and channel like any
 * other. `subscriptions.notices` (read model) lists what a subscription opted in to.
 */
export class OperationalNotices1795307610000 implements MigrationInterface {
  name = 'OperationalNotices1795307610000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE subscriptions ADD COLUMN notices text NOT NULL DEFAULT '[]'`);
    await runner.query(`CREATE TABLE notices (
      id text PRIMARY KEY,
      type text NOT NULL,
      subject text NOT NULL,
      body text NOT NULL,
      data text NOT NULL,
      occurred_at text NOT NULL,
      created_at text NOT NULL
    )`);
    await this.deliveryKinds(runner, KINDS_AFTER);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DELETE FROM deliveries WHERE kind = 'notice'`);
    await this.deliveryKinds(runner, KINDS_BEFORE);
    await runner.query('DROP TABLE notices');
    await runner.query('ALTER TABLE subscriptions DROP COLUMN notices');
  }

  /** PostgreSQL changes a CHECK in place; SQLite cannot, so the table is copied into a new one. */
  private async deliveryKinds(runner: QueryRunner, kinds: string): Promise<void> {
    if (runner.connection.options.type === 'postgres') {
      await runner.query('ALTER TABLE deliveries DROP CONSTRAINT deliveries_kind_check');
      await runner.query(
        `ALTER TABLE deliveries ADD CONSTRAINT deliveries_kind_check CHECK (kind IN (${kinds}))`,
      );
      return;
    }
    await runner.query(`CREATE TABLE deliveries_new (
      id text PRIMARY KEY,
      event_id text NOT NULL,
      position bigint NOT NULL,
      entry_id text NOT NULL,
      kind text NOT NULL CHECK (kind IN (${kinds})),
      subscription_id text NOT NULL,
      channel text NOT NULL CHECK (channel IN ('webhook', 'email')),
      status text NOT NULL CHECK (status IN ('pending', 'sending', 'delivered', 'failed', 'held', 'digested', 'cancelled')),
      attempts integer NOT NULL DEFAULT 0,
      failures integer NOT NULL DEFAULT 0,
      first_failed_at text,
      next_attempt_at text,
      lease_until text,
      last_error text,
      delivered_at text,
      created_at text NOT NULL,
      updated_at text NOT NULL,
      digest_id text,
      UNIQUE (event_id, subscription_id, channel)
    )`);
    await runner.query('INSERT INTO deliveries_new SELECT * FROM deliveries');
    await runner.query('DROP TABLE deliveries');
    await runner.query('ALTER TABLE deliveries_new RENAME TO deliveries');
    await runner.query(`CREATE INDEX deliveries_by_subscription ON deliveries (subscription_id, created_at)`);
    await runner.query(`CREATE INDEX deliveries_by_entry ON deliveries (entry_id, kind, subscription_id)`);
    await runner.query(`CREATE INDEX deliveries_by_status ON deliveries (status, next_attempt_at)`);
  }
}
