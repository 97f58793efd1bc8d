import { createServer } from 'node:net';

import { loadConfig } from '@app/config';

import { SMTP_NOT_SET, SmtpMailer } from './smtp-mailer';

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

describe('SmtpMailer', () => {
  it('fails every send, saying why, when SMTP_URL is not set', async () => {
    const mailer = new SmtpMailer(loadConfig({ NODE_ENV: 'test' }));
    expect(mailer.configured).toBe(false);
    await expect(mailer.send(email)).resolves.toEqual({ kind: 'failed', detail: SMTP_NOT_SET });
    expect(SMTP_NOT_SET).toMatch(/^SMTP_URL is not set/);
  });

  it('retries when the SMTP server refuses the connection', async () => {
    const mailer = new SmtpMailer(
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
    const mailer = new SmtpMailer(
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
    const mailer = new SmtpMailer(
      loadConfig({ NODE_ENV: 'test', PUBLIC_BASE_URL: 'https://timeline.example.org/x' }),
    );
    expect(mailer.messageIdHost).toBe('timeline.example.org');
  });
});
