import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One unsubscribe token per alert mail. Every mail carries a one-click unsubscribe link (RFC 8058),
 * and a token stored only as its SHA-256 cannot be put into a later mail again: with a single token
 * per subscription, each new mail would have to replace it, and the link of every older mail (the
 * one a mail client's unsubscribe button uses) would stop working. So each mail gets a fresh
 * token, and every one stays valid until its subscription is gone. Hashes only, as for every other
 * token: a copy of this table unsubscribes nobody. Portable SQL.
 */
export class EmailUnsubscribeTokens1795306400000 implements MigrationInterface {
  name = 'EmailUnsubscribeTokens1795306400000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE email_unsubscribe_tokens (
      token_hash text PRIMARY KEY CHECK (length(token_hash) = 64),
      subscription_id text NOT NULL,
      created_at text NOT NULL
    )`);
    await runner.query(
      `CREATE INDEX email_unsubscribe_tokens_by_subscription ON email_unsubscribe_tokens (subscription_id)`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE email_unsubscribe_tokens`);
  }
}
