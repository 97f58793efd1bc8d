import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { type AppConfig, loadConfig } from '@app/config';

import { MailOutbox } from './mail-outbox';
import { SmtpMailer } from './smtp-mailer';

const email = {
  to: 'ana@example.org',
  subject: 'Subject',
  text: 'Text',
  html: '<p>Text</p>',
  messageId: '<d-1@timeline.example>',
};

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const mailerOf = (config: AppConfig) => new SmtpMailer(config, new MailOutbox(config));

describe('SmtpMailer', () => {
  it('writes each message to the outbox as an RFC 822 file when SMTP_URL is not set', async () => {
    const outbox = mkdtempSync(join(tmpdir(), 'outbox-'));
    const config = loadConfig({ NODE_ENV: 'test', MAIL_OUTBOX: outbox });
    const mailer = mailerOf(config);
    const outcome = await mailer.send({ ...email, headers: { 'Auto-Submitted': 'auto-generated' } });
    expect(outcome).toMatchObject({
      kind: 'delivered',
      detail: expect.stringMatching(/^Written to the mail outbox/) as string,
    });
    const files = readdirSync(outbox);
    expect(files).toEqual([expect.stringMatching(/^\d{13}-[0-9a-f]{8}\.eml$/) as string]);
    const raw = readFileSync(join(outbox, files[0]!), 'utf8');
    expect(raw).toMatch(/^Content-Type: multipart\/alternative/m);
    expect(raw).toMatch(/^To: ana@example.org$/m);
    expect(raw).toMatch(/^Message-ID: <d-1@timeline.example>$/m);
    expect(raw).toMatch(/^Auto-Submitted: auto-generated$/m);

    const listed = await new MailOutbox(config).list();
    expect(listed).toEqual([
      {
        id: files[0]!.slice(0, -4),
        to: 'ana@example.org',
        subject: 'Subject',
        date: expect.any(String) as string,
      },
    ]);
    expect(await new MailOutbox(config).get(listed[0]!.id)).toMatchObject({
      text: 'Text',
      headers: { 'message-id': '<d-1@timeline.example>' },
    });
    expect(await new MailOutbox(config).get('../etc/passwd')).toBeUndefined();
  });

  it('retries when the SMTP server refuses the connection', async () => {
    const mailer = mailerOf(
      loadConfig({ NODE_ENV: 'test', SMTP_URL: `smtp://127.0.0.1:${await closedPort()}` }),
    );
    try {
      await expect(mailer.send(email)).resolves.toMatchObject({
        kind: 'retry',
        detail: expect.stringMatching(/ECONNREFUSED|ESOCKET|ECONNECTION/) as string,
      });
    } finally {
      mailer.onModuleDestroy();
    }
  });

  it('retries a server that never answers, giving up on it within WEBHOOK_TIMEOUT', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    const mailer = mailerOf(
      loadConfig({ NODE_ENV: 'test', SMTP_URL: `smtp://127.0.0.1:${port}`, WEBHOOK_TIMEOUT: '300ms' }),
    );
    try {
      await expect(mailer.send(email)).resolves.toMatchObject({
        kind: 'retry',
        detail: expect.stringMatching(/ETIMEDOUT|EABORT/) as string,
      });
    } finally {
      mailer.onModuleDestroy();
      silent.close();
    }
  });

  it('takes the Message-ID host from PUBLIC_BASE_URL', () => {
    const mailer = mailerOf(
      loadConfig({ NODE_ENV: 'test', PUBLIC_BASE_URL: 'https://timeline.example.org/x' }),
    );
    expect(mailer.messageIdHost).toBe('timeline.example.org');
  });
});
