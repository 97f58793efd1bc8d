import { type AppConfig, APP_CONFIG } from '@app/config';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';

import type { SendOutcome } from '../delivery/channel-sender';
import { MailOutbox } from './mail-outbox';
import { smtpOutcome } from './smtp-outcome';

/** One message as the alerts send it: both bodies, and the headers that make it ours. */
export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** `<id@host>`, chosen by the caller so that sending the same thing twice reads as one message. */
  messageId: string;
  headers?: Record<string, string>;
}

/**
 * The one way mail leaves the product: SMTP through nodemailer, to SMTP_URL, from SMTP_FROM.
 * Every failure becomes a SendOutcome (4xx and lost connections are retried, 5xx is final); none is
 * thrown, and none is swallowed. Without SMTP_URL every message goes to the embedded outbox
 * (MAIL_OUTBOX), so every mail path works out of the box.
 */
@Injectable()
export class SmtpMailer implements OnModuleDestroy {
  private transport: Transporter | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(MailOutbox) private readonly outbox: MailOutbox,
  ) {}

  /** The host of PUBLIC_BASE_URL: the right-hand side of our Message-IDs. */
  get messageIdHost(): string {
    return new URL(this.config.http.publicBaseUrl).hostname;
  }

  async send(email: OutgoingEmail): Promise<SendOutcome> {
    const transport = this.transportOrUndefined();
    if (!transport) return this.toOutbox(email);
    try {
      const info = (await transport.sendMail({
        // A whole send, connection included, ends within WEBHOOK_TIMEOUT: the delivery side leases a
        // claimed delivery for that long (and a little), after which another worker may take it.
        signal: AbortSignal.timeout(this.config.alerts.webhookTimeoutMs),
        from: this.config.alerts.smtpFrom,
        to: email.to,
        subject: email.subject,
        text: email.text,
        html: email.html,
        messageId: email.messageId,
        headers: email.headers,
        // Nothing in a message is fetched or read from disk: all of it is text we wrote.
        disableFileAccess: true,
        disableUrlAccess: true,
      })) as { response?: string; rejected?: unknown[] };
      const rejected = Array.isArray(info.rejected) ? info.rejected.length : 0;
      if (rejected > 0)
        return { kind: 'failed', detail: `SMTP: the recipient was rejected (${info.response})` };
      const reply = typeof info.response === 'string' ? info.response : '';
      return { kind: 'delivered', statusCode: Number(/^\d{3}/.exec(reply)?.[0] ?? 250), detail: reply };
    } catch (error) {
      return smtpOutcome(error);
    }
  }

  private async toOutbox(email: OutgoingEmail): Promise<SendOutcome> {
    try {
      const id = await this.outbox.write({
        from: this.config.alerts.smtpFrom,
        to: email.to,
        subject: email.subject,
        text: email.text,
        html: email.html,
        messageId: email.messageId,
        headers: email.headers,
        disableFileAccess: true,
        disableUrlAccess: true,
      });
      return { kind: 'delivered', detail: `Written to the mail outbox as ${id}` };
    } catch (error) {
      // A full or unwritable disk: try again later, as for an SMTP server that is away.
      return { kind: 'retry', detail: `The mail outbox cannot be written: ${(error as Error).message}` };
    }
  }

  onModuleDestroy(): void {
    this.transport?.close();
    this.transport = undefined;
  }

  private transportOrUndefined(): Transporter | undefined {
    if (!this.config.smtp) return undefined;
    // Each wait shorter than nodemailer's minutes-long defaults; the send's signal bounds the sum.
    const timeout = this.config.alerts.webhookTimeoutMs;
    this.transport ??= createTransport({
      url: this.config.smtp.url,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
    } as Parameters<typeof createTransport>[0]);
    return this.transport;
  }
}
