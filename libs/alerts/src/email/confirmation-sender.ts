import { randomUUID } from 'node:crypto';

import { type AppConfig, APP_CONFIG } from '@app/config';
import { Inject, Injectable } from '@nestjs/common';

import { SubscriptionService } from '../subscription.service';
import { SubscriptionSecrets } from '../subscription-secrets';
import { renderConfirmationEmail } from './confirmation-email';
import { SmtpMailer } from './smtp-mailer';
import type { SendOutcome } from '../delivery/channel-sender';

/**
 * Sends the confirmation mail of an email subscription that waits for it: mints a fresh token
 * (32 random bytes; only its SHA-256 is stored, replacing any earlier one, so the newest mail's
 * link is the one that works, and only once) and mails the link. A subscription that is no longer
 * waiting (confirmed meanwhile, deleted) gets nothing.
 */
@Injectable()
export class ConfirmationSender {
  constructor(
    @Inject(SubscriptionService) private readonly subscriptions: SubscriptionService,
    @Inject(SubscriptionSecrets) private readonly secrets: SubscriptionSecrets,
    @Inject(SmtpMailer) private readonly mailer: SmtpMailer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** What happened: `skipped` when there was nothing to confirm, else the SMTP outcome. */
  async send(subscriptionId: string): Promise<SendOutcome | { kind: 'skipped' }> {
    const subscription = await this.subscriptions.find(subscriptionId);
    if (subscription?.channel !== 'email' || subscription.status !== 'pending-confirmation') {
      return { kind: 'skipped' };
    }
    const token = SubscriptionSecrets.newToken();
    await this.secrets.put(subscriptionId, { confirmTokenHash: SubscriptionSecrets.hashToken(token) });
    const email = renderConfirmationEmail({
      target: subscription.target,
      filters: subscription.filters,
      mode: subscription.mode,
      confirmLink: `${this.config.http.publicBaseUrl}/subscriptions/confirm?token=${token}`,
    });
    return this.mailer.send({
      to: subscription.target,
      ...email,
      messageId: `<confirm-${subscriptionId}-${randomUUID()}@${this.mailer.messageIdHost}>`,
      headers: { 'Auto-Submitted': 'auto-generated' },
    });
  }
}
