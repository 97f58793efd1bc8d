import { randomUUID } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';

import type { OwnerNotifier } from '../delivery/channel-sender';
import type { SubscriptionView } from '../subscription-view';
import { SITE_NAME } from './alert-email';
import { escapeHtml, oneLine } from './email-format';
import { SmtpMailer } from './smtp-mailer';

/**
 * Tells a subscription's `contact` that its endpoint was disabled (a 410, or failures past the retry
 * window) and why (OWNER_NOTIFIER). A failure is thrown, never swallowed: the delivery side logs it.
 */
@Injectable()
export class EmailOwnerNotifier implements OwnerNotifier {
  constructor(@Inject(SmtpMailer) private readonly mailer: SmtpMailer) {}

  async subscriptionDisabled(subscription: SubscriptionView, reason: string): Promise<void> {
    if (!subscription.contact) return;
    const what = `${subscription.channel === 'webhook' ? 'webhook' : 'email'} subscription ${subscription.id}`;
    const text = [
      `Your ${what} to the ${SITE_NAME} (${subscription.target}) has been disabled.`,
      '',
      `Why: ${reason}`,
      '',
      'Nothing more is sent to it. Fix the endpoint, then resume the subscription through the API ' +
        `(POST /api/subscriptions/${subscription.id}/resume); missed alerts can be replayed from its delivery log.`,
    ].join('\n');
    const html =
      `<!doctype html><html><head><meta charset="utf-8"></head><body>` +
      text
        .split('\n\n')
        .map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`)
        .join('') +
      '</body></html>';
    const outcome = await this.mailer.send({
      to: subscription.contact,
      subject: oneLine(`Disabled: your ${what}`),
      text,
      html,
      messageId: `<disabled-${subscription.id}-${randomUUID()}@${this.mailer.messageIdHost}>`,
      headers: { 'Auto-Submitted': 'auto-generated' },
    });
    if (outcome.kind !== 'delivered') {
      throw new Error(`Could not tell ${subscription.contact} (${outcome.kind}): ${outcome.detail}`);
    }
  }
}
