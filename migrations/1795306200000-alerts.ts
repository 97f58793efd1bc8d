import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Alerts (DESIGN.md section 7). `subscriptions` is a read model of the `subscription-*` streams
 * (`rebuild` recreates it); the rest is operational state beside the log: signing secrets and
 * token hashes (never in the log, which is readable), one `deliveries` row per event, subscription
 * and channel (the outbox the dispatcher fills and the senders drain), every attempt, and the
 * dispatcher's checkpoint. Times are ISO-8601 UTC text, as elsewhere, so they compare as text on
 * both databases; the SQL is portable as it stands.
 */
export class Alerts1795306200000 implements MigrationInterface {
  name = 'Alerts1795306200000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE subscriptions (
      id text PRIMARY KEY,
      channel text NOT NULL CHECK (channel IN ('webhook', 'email')),
      target text NOT NULL,
      filters text NOT NULL,
      mode text NOT NULL CHECK (mode IN ('instant', 'daily')),
      status text NOT NULL CHECK (status IN ('pending-confirmation', 'active', 'paused', 'disabled', 'deleted')),
      disabled_reason text,
      owner_key_id text,
      contact text,
      created_at text NOT NULL,
      updated_at text NOT NULL,
      created_position bigint NOT NULL,
      version integer NOT NULL
    )`);
    await runner.query(`CREATE INDEX subscriptions_by_status ON subscriptions (status)`);
    await runner.query(`CREATE INDEX subscriptions_by_owner ON subscriptions (owner_key_id)`);
    await runner.query(`CREATE INDEX subscriptions_by_target ON subscriptions (channel, target)`);

    await runner.query(`CREATE TABLE subscription_secrets (
      subscription_id text PRIMARY KEY,
      webhook_secret text,
      confirm_token_hash text UNIQUE CHECK (confirm_token_hash IS NULL OR length(confirm_token_hash) = 64),
      unsubscribe_token_hash text UNIQUE CHECK (unsubscribe_token_hash IS NULL OR length(unsubscribe_token_hash) = 64)
    )`);

    await runner.query(`CREATE TABLE deliveries (
      id text PRIMARY KEY,
      event_id text NOT NULL,
      position bigint NOT NULL,
      entry_id text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('added', 'amended', 'retracted')),
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
    // The delivery log of a subscription, newest first; the subscribers who got an entry (for its
    // corrections); the rows due or overdue (sender, sweeper, digest).
    await runner.query(`CREATE INDEX deliveries_by_subscription ON deliveries (subscription_id, created_at)`);
    await runner.query(`CREATE INDEX deliveries_by_entry ON deliveries (entry_id, kind, subscription_id)`);
    await runner.query(`CREATE INDEX deliveries_by_status ON deliveries (status, next_attempt_at)`);

    await runner.query(`CREATE TABLE delivery_attempts (
      delivery_id text NOT NULL,
      attempt integer NOT NULL CHECK (attempt >= 1),
      started_at text NOT NULL,
      duration_ms integer NOT NULL,
      outcome text NOT NULL,
      status_code integer,
      detail text,
      PRIMARY KEY (delivery_id, attempt)
    )`);

    await runner.query(`CREATE TABLE alert_dispatch_checkpoint (
      name text PRIMARY KEY,
      position bigint NOT NULL,
      updated_at text NOT NULL
    )`);
    // No subscription can exist before this migration, so nothing already in the log is owed to
    // anyone: the dispatcher starts at the head instead of reading a long log through for nothing.
    await runner.query(
      `INSERT INTO alert_dispatch_checkpoint (name, position, updated_at)
       SELECT 'dispatcher', COALESCE(MAX(position), 0), '${new Date().toISOString()}' FROM events`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of [
      'alert_dispatch_checkpoint',
      'delivery_attempts',
      'deliveries',
      'subscription_secrets',
      'subscriptions',
    ]) {
      await runner.query(`DROP TABLE ${table}`);
    }
  }
}
