import { createHash, randomBytes } from 'node:crypto';

import { Database, join, raw, type Sql, sql } from '@app/database';
import { Inject, Injectable } from '@nestjs/common';

/** What `subscription_secrets` holds for one subscription. Token columns hold SHA-256 hashes only. */
export interface SubscriptionSecretsRecord {
  subscriptionId: string;
  webhookSecret: string | null;
  confirmTokenHash: string | null;
  unsubscribeTokenHash: string | null;
}

/** The columns to set; a key left out keeps its value, null clears it. */
export type SecretsUpdate = Partial<Omit<SubscriptionSecretsRecord, 'subscriptionId'>>;

interface SecretsRow {
  [column: string]: unknown;
  subscription_id: string;
  webhook_secret: string | null;
  confirm_token_hash: string | null;
  unsubscribe_token_hash: string | null;
}

const COLUMN: Record<keyof SecretsUpdate, string> = {
  webhookSecret: 'webhook_secret',
  confirmTokenHash: 'confirm_token_hash',
  unsubscribeTokenHash: 'unsubscribe_token_hash',
};

/**
 * Secrets of subscriptions, kept out of the log (which anyone may read at /api/events): the
 * webhook signing secret (needed in clear to sign) and the email tokens (stored as SHA-256, so a
 * copy of this table confirms and unsubscribes nobody).
 */
@Injectable()
export class SubscriptionSecrets {
  constructor(@Inject(Database) private readonly database: Database) {}

  /** A Standard Webhooks secret: `whsec_` and 24 random bytes in base64. */
  static newWebhookSecret(): string {
    return `whsec_${randomBytes(24).toString('base64')}`;
  }

  /** A token for a link (confirm, unsubscribe): 32 random bytes, URL-safe. Store only its hash. */
  static newToken(): string {
    return randomBytes(32).toString('base64url');
  }

  static hashToken(token: string): string {
    return createHash('sha256').update(token, 'utf8').digest('hex');
  }

  async get(subscriptionId: string, db: Sql = this.database): Promise<SubscriptionSecretsRecord | undefined> {
    const [row] = await db.query<SecretsRow>(
      `SELECT subscription_id, webhook_secret, confirm_token_hash, unsubscribe_token_hash
       FROM subscription_secrets WHERE subscription_id = $1`,
      [subscriptionId],
    );
    return row && toRecord(row);
  }

  /** Sets the given columns, creating the row when there is none. */
  async put(subscriptionId: string, update: SecretsUpdate): Promise<void> {
    const entries = (Object.keys(COLUMN) as (keyof SecretsUpdate)[]).filter(
      (key) => update[key] !== undefined,
    );
    await this.database.transaction(async (tx) => {
      await tx.execute(
        `INSERT INTO subscription_secrets (subscription_id) VALUES ($1) ON CONFLICT (subscription_id) DO NOTHING`,
        [subscriptionId],
      );
      if (entries.length === 0) return;
      const sets = entries.map((key) => sql`${raw(COLUMN[key])} = ${update[key]}`);
      await tx.execute(
        sql`UPDATE subscription_secrets SET ${join(sets, ', ')} WHERE subscription_id = ${subscriptionId}`,
      );
    });
  }

  async remove(subscriptionId: string): Promise<void> {
    await this.database.execute('DELETE FROM subscription_secrets WHERE subscription_id = $1', [
      subscriptionId,
    ]);
  }

  /** The subscription a confirmation token belongs to (the token in clear, as it came in a link). */
  async findByConfirmToken(token: string): Promise<string | undefined> {
    return this.findBy('confirm_token_hash', SubscriptionSecrets.hashToken(token));
  }

  async findByUnsubscribeToken(token: string): Promise<string | undefined> {
    return this.findBy('unsubscribe_token_hash', SubscriptionSecrets.hashToken(token));
  }

  private async findBy(column: string, hash: string): Promise<string | undefined> {
    const [row] = await this.database.query<{ subscription_id: string }>(
      `SELECT subscription_id FROM subscription_secrets WHERE ${column} = $1`,
      [hash],
    );
    return row?.subscription_id;
  }
}

function toRecord(row: SecretsRow): SubscriptionSecretsRecord {
  return {
    subscriptionId: row.subscription_id,
    webhookSecret: row.webhook_secret,
    confirmTokenHash: row.confirm_token_hash,
    unsubscribeTokenHash: row.unsubscribe_token_hash,
  };
}
