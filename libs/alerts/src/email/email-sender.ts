import { type AppConfig, APP_CONFIG } from '@app/config';
import { Inject, Injectable } from '@nestjs/common';

import type { ChannelSender, SendOutcome, SendRequest } from '../delivery/channel-sender';
import type { OperationalNotice } from '../notices/notice';
import { DigestItems } from '../digest/digest-items';
import { renderAlertEmail, SITE_NAME } from './alert-email';
import { escapeHtml, oneLine } from './email-format';
import { SmtpMailer } from './smtp-mailer';

/**
 * Sends alerts by email (DESIGN.md section 7): text and HTML, a Message-ID made from the delivery
 * id (`<delivery-id@host>`, so a delivery sent again is recognisably the same message), and a
 * one-click unsubscribe (RFC 8058) in the body and the List-Unsubscribe headers. SMTP 4xx and lost
 * connections are retried, 5xx is final; without SMTP_URL the mail goes to the embedded outbox.
 */
@Injectable()
export class EmailSender implements ChannelSender {
  readonly channel = 'email' as const;

  constructor(
    @Inject(SmtpMailer) private readonly mailer: SmtpMailer,
    @Inject(DigestItems) private readonly digests: DigestItems,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** An entry's permanent link, the same as in feeds and webhooks (it opens the timeline page). */
  entryLink(entryId: string): string {
    return `${this.config.http.publicBaseUrl}/entries/${encodeURIComponent(entryId)}`;
  }

  async send(request: SendRequest): Promise<SendOutcome> {
    const { subscription } = request;
    if (subscription.channel !== 'email') {
      return { kind: 'failed', detail: `Subscription ${subscription.id} is not an email subscription` };
    }
    const messageId = `<${request.deliveryId}@${this.mailer.messageIdHost}>`;
    if (request.notice) {
      return this.mailer.send({
        to: subscription.target,
        ...renderNoticeEmail(request.notice),
        messageId,
        headers: { 'Auto-Submitted': 'auto-generated' },
      });
    }
    const { digest, items } = await this.digests.complete(
      { id: request.deliveryId, subscriptionId: subscription.id },
      request.items,
    );
    const email = renderAlertEmail({
      items,
      digest: digest || items.length > 1,
      subscription,
      links: { entry: (id) => this.entryLink(id), unsubscribe: request.links.unsubscribe },
    });
    const unsubscribe = request.links.unsubscribe;
    return this.mailer.send({
      to: subscription.target,
      ...email,
      messageId,
      headers: {
        // RFC 3834: an automatic message; auto-responders should not answer it.
        'Auto-Submitted': 'auto-generated',
        ...(unsubscribe
          ? { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }
          : {}),
      },
    });
  }
}

/** An operational notice as an email: its own subject line, its text, no unsubscribe (an admin's). */
function renderNoticeEmail(notice: OperationalNotice): { subject: string; text: string; html: string } {
  const text = [
    notice.body,
    '',
    `You get this because your subscription to the ${SITE_NAME} opted in to ${notice.kind} notices.`,
  ].join('\n');
  const html =
    '<!doctype html><html><head><meta charset="utf-8"></head><body>' +
    text
      .split('\n\n')
      .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`)
      .join('') +
    '</body></html>';
  return { subject: oneLine(`[Notice] ${notice.subject}`), text, html };
}
