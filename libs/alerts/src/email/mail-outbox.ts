import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { type AppConfig, APP_CONFIG } from '@app/config';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { simpleParser } from 'mailparser';
import { createTransport, type Transporter } from 'nodemailer';

import type { PersonalDataCopies } from '../subscription.service';

/** One message of the outbox, as the admin list shows it. */
export interface OutboxSummary {
  id: string;
  to: string;
  subject: string;
  date: string;
}

export interface OutboxMessage extends OutboxSummary {
  headers: Record<string, string>;
  text: string;
}

/** A message's file name: the time it was written (so names sort by age) and a random part. */
export const OUTBOX_MESSAGE_ID = /^\d{13}-[0-9a-f]{8}$/;

/**
 * The embedded mail outbox (DESIGN.md section 7): with no SMTP_URL, every mail the product sends
 * (confirmations, alerts, digests, notices to owners) is written to MAIL_OUTBOX as one RFC 822
 * `.eml` file, made by nodemailer's stream transport exactly as it would go over SMTP. So sign-up,
 * confirmation and alerts work out of the box, and admins read the mail at /api/admin/outbox.
 * Erasing a subscriber deletes the files that name it.
 */
@Injectable()
export class MailOutbox implements PersonalDataCopies {
  private readonly logger = new Logger('Alerts');
  private readonly transport: Transporter = createTransport({
    streamTransport: true,
    buffer: true,
    newline: 'unix',
  });
  private announced = false;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get directory(): string {
    return this.config.mailOutbox;
  }

  /** Writes the message; returns its id. */
  async write(mail: Parameters<Transporter['sendMail']>[0]): Promise<string> {
    const info = (await this.transport.sendMail(mail)) as { message: Buffer };
    await mkdir(this.directory, { recursive: true });
    const id = `${Date.now()}-${randomBytes(4).toString('hex')}`;
    const file = join(this.directory, `${id}.eml`);
    // Written whole, then renamed: a reader never sees half a message.
    await writeFile(`${file}.tmp`, info.message, { mode: 0o600 });
    await rename(`${file}.tmp`, file);
    if (!this.announced) {
      this.announced = true;
      this.logger.log(
        `SMTP_URL is not set: mail goes to the outbox at ${this.directory} (admins: /api/admin/outbox)`,
      );
    }
    return id;
  }

  /** Every message, newest first. */
  async list(): Promise<OutboxSummary[]> {
    const ids = (await this.ids()).sort().reverse();
    const summaries: OutboxSummary[] = [];
    for (const id of ids) {
      const message = await this.get(id);
      if (message) summaries.push({ id, to: message.to, subject: message.subject, date: message.date });
    }
    return summaries;
  }

  async get(id: string): Promise<OutboxMessage | undefined> {
    if (!OUTBOX_MESSAGE_ID.test(id)) return undefined;
    let raw: Buffer;
    try {
      raw = await readFile(join(this.directory, `${id}.eml`));
    } catch {
      return undefined;
    }
    const parsed = await simpleParser(raw, {
      skipHtmlToText: true,
      skipImageLinks: true,
      skipTextLinks: true,
    });
    const headers: Record<string, string> = {};
    for (const line of parsed.headerLines) {
      const colon = line.line.indexOf(':');
      headers[line.key] = line.line.slice(colon + 1).trim();
    }
    return {
      id,
      to: headers.to ?? '',
      subject: parsed.subject ?? '',
      date: (parsed.date ?? new Date(Number(id.slice(0, 13)))).toISOString(),
      headers,
      text: parsed.text ?? '',
    };
  }

  /** Deletes every message that names one of these values (erasure); returns how many. */
  async forget(values: readonly string[]): Promise<number> {
    const needles = values.filter(Boolean).map((value) => value.toLowerCase());
    if (needles.length === 0) return 0;
    let deleted = 0;
    for (const id of await this.ids()) {
      const file = join(this.directory, `${id}.eml`);
      const text = (await readFile(file, 'utf8').catch(() => '')).toLowerCase();
      if (needles.some((needle) => text.includes(needle))) {
        await unlink(file).catch(() => undefined);
        deleted += 1;
      }
    }
    return deleted;
  }

  private async ids(): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(this.directory);
    } catch {
      return [];
    }
    return names
      .filter((name) => name.endsWith('.eml'))
      .map((name) => name.slice(0, -4))
      .filter((id) => OUTBOX_MESSAGE_ID.test(id));
  }
}
