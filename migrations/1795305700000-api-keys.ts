import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * API keys (DESIGN.md section 8). Operational state, not history, so an ordinary table beside the
 * log. Only a SHA-256 of each key's secret is stored; the key itself is shown once at creation.
 * Times are ISO-8601 UTC text, like `events.recorded_at`, so one statement reads the same on both
 * databases. The SQL below is portable as it stands, so SQLite and PostgreSQL share it.
 */
export class ApiKeys1795305700000 implements MigrationInterface {
  name = 'ApiKeys1795305700000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE api_keys (
      id text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      role text NOT NULL CHECK (role IN ('admin', 'reviewer', 'viewer')),
      secret_hash text NOT NULL CHECK (length(secret_hash) = 64),
      created_at text NOT NULL,
      last_used_at text,
      revoked_at text
    )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE api_keys`);
  }
}
