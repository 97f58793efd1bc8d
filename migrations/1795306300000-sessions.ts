import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Browser sessions (DESIGN.md section 8): the reviewer's page signs in with an API key once and
 * then carries an httpOnly cookie. Operational state, so an ordinary table. Like API keys, only a
 * SHA-256 of the cookie's token is stored: a copy of this table signs nobody in. Deleting a key's
 * row (never done today; keys are revoked) takes its sessions with it. Portable SQL, as for api_keys.
 */
export class Sessions1795306300000 implements MigrationInterface {
  name = 'Sessions1795306300000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE sessions (
      token_hash text PRIMARY KEY CHECK (length(token_hash) = 64),
      key_id text NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
      csrf_token text NOT NULL CHECK (length(csrf_token) BETWEEN 32 AND 128),
      created_at text NOT NULL,
      expires_at text NOT NULL
    )`);
    // Revocation and sign-out look sessions up by key; the purge of expired ones by expiry.
    await runner.query(`CREATE INDEX sessions_key_id ON sessions (key_id)`);
    await runner.query(`CREATE INDEX sessions_expires_at ON sessions (expires_at)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE sessions`);
  }
}
