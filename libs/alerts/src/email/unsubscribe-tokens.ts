import { type AppConfig, APP_CONFIG } from '@app/config';
import { Database } from '@app/database';
import { Clock } from '@app/event-store';
import { Inject, Injectable } from '@nestjs/common';

import type { UnsubscribeLinks } from '../delivery/channel-sender';
import { SubscriptionSecrets } from '../subscription-secrets';
import type { SubscriptionView } from '../subscription-view';

/** What our link tokens look like: 32 random bytes in base64url. Anything else is not looked up. */
export const LINK_TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * Unsubscribe tokens, one per alert mail (see the email-unsubscribe-tokens migration for why not
 * one per subscription), stored as SHA-256 only. It is also what the delivery side asks for the
 * `links.unsubscribe` of each email it sends (UNSUBSCRIBE_LINKS).
 */
@Injectable()
export class UnsubscribeTokens implements UnsubscribeLinks {
  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A fresh one-click unsubscribe link for an email subscription; webhooks have none. */
  async link(subscription: SubscriptionView): Promise<string | null> {
    if (subscription.channel !== 'email') return null;
    const token = await this.mint(subscription.id);
    return `${this.config.http.publicBaseUrl}/unsubscribe?token=${token}`;
  }

  async mint(subscriptionId: string): Promise<string> {
    const token = SubscriptionSecrets.newToken();
    await this.database.execute(
      'INSERT INTO email_unsubscribe_tokens (token_hash, subscription_id, created_at) VALUES ($1, $2, $3)',
      [SubscriptionSecrets.hashToken(token), subscriptionId, this.clock.now().toISOString()],
    );
    return token;
  }

  /** The subscription a token was minted for, or undefined for a token we never made. */
  async subscriptionOf(token: string): Promise<string | undefined> {
    if (!LINK_TOKEN.test(token)) return undefined;
    const [row] = await this.database.query<{ subscription_id: string }>(
      'SELECT subscription_id FROM email_unsubscribe_tokens WHERE token_hash = $1',
      [SubscriptionSecrets.hashToken(token)],
    );
    return row?.subscription_id;
  }
}
