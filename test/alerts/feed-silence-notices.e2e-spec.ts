import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';

import { Webhook } from 'standardwebhooks';

import {
  createKeyByCli,
  DATABASE_KINDS,
  expectEventually,
  type RunningProcess,
  startProcess,
  testConfig,
} from '../support';
import { WebhookReceiver } from './alerts-fixture';

const WIRE = readFileSync(join(__dirname, '../fixtures/ingest/central-asia-wire.xml'));

interface OutboxMessage {
  id: string;
  to: string;
  subject: string;
}

/**
 * Feed-silence notices on the built all-in-one process: a feed that keeps failing is reported once
 * per episode to the subscriptions that opted in (a signed webhook of type `feed.silent`, an email
 * in the outbox with its own subject); after it recovers and fails again, that is a new episode,
 * reported once more. Only an admin key's subscription may opt in.
 */
describe.each(DATABASE_KINDS)('feed-silence notices (%s)', (kind) => {
  let app: RunningProcess;
  let receiver: WebhookReceiver;
  let publisher: Server;
  let publisherUrl: string;
  let up = false;
  let admin: string;
  let viewer: string;
  let secret: string;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    publisher = createServer((_req, res) => {
      if (up) res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(WIRE);
      else res.writeHead(503).end('down');
    });
    await new Promise<void>((resolve) => publisher.listen(0, '127.0.0.1', resolve));
    publisherUrl = `http://127.0.0.1:${(publisher.address() as { port: number }).port}/rss`;
    const { env } = testConfig(kind, {
      FEED_POLL_INTERVAL: '1s',
      FEED_HOST_DELAY: '0ms',
      // Failing for a second is silent; the check runs every second (a quarter, at least 1 s).
      FEED_SILENCE_FAILING: '1s',
      ALERT_SWEEP_INTERVAL: '1s',
    });
    app = await startProcess('dist/apps/all-in-one/src/main.js', env, /listening on/, 120_000);
    const key = (role: string) => createKeyByCli(env, role, role);
    [admin, viewer] = [await key('admin'), await key('viewer')];
  }, 300_000);
  afterAll(async () => {
    await app?.stop();
    await receiver?.close();
    await new Promise((resolve) => publisher?.close(resolve));
  });

  const call = (method: string, path: string, key?: string, body?: unknown) =>
    fetch(`${app.baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const notices = () =>
    receiver.on('/ops').filter((r) => (JSON.parse(r.body) as { type: string }).type === 'feed.silent');
  const mails = async () =>
    (
      (await (await call('GET', '/api/admin/outbox', admin)).json()) as { messages: OutboxMessage[] }
    ).messages.filter((m) => m.subject.startsWith('[Notice]'));
  const settle = () => new Promise((resolve) => setTimeout(resolve, 3_000));

  it('lets only an admin key’s subscription opt in to notices', async () => {
    const body = { channel: 'webhook', target: receiver.url('/ops'), notices: ['feed-silence'] };
    const refused = await call('POST', '/api/subscriptions', viewer, body);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({
      error: { code: 'FORBIDDEN', details: { field: 'notices' } },
    });
    const unknown = await call('POST', '/api/subscriptions', admin, { ...body, notices: ['gossip'] });
    expect(unknown.status).toBe(400);

    const created = await call('POST', '/api/subscriptions', admin, body);
    expect(created.status).toBe(201);
    const webhook = (await created.json()) as { notices: string[]; secret: string };
    expect(webhook.notices).toEqual(['feed-silence']);
    secret = webhook.secret;
    const email = await call('POST', '/api/subscriptions', admin, {
      channel: 'email',
      target: 'ops@example.org',
      notices: ['feed-silence'],
    });
    expect(email.status).toBe(201);
    // Not opted in: gets alerts, never notices.
    expect(
      (
        await call('POST', '/api/subscriptions', admin, {
          channel: 'webhook',
          target: receiver.url('/plain'),
        })
      ).status,
    ).toBe(201);
  });

  it('reports a failing feed once per episode, signed, by webhook and by email', async () => {
    const feed = await call('POST', '/api/feeds', admin, { url: publisherUrl, title: 'Steppe Wire' });
    expect(feed.status).toBe(201);
    const [notice] = await expectEventually(() => {
      expect(notices()).toHaveLength(1);
      return notices();
    }, 60_000);
    const payload = new Webhook(secret).verify(notice!.body, notice!.headers) as {
      type: string;
      data: { feed: { title: string; url: string }; silence: { kind: string; since: string } };
    };
    expect(payload).toMatchObject({
      type: 'feed.silent',
      data: { feed: { title: 'Steppe Wire', url: publisherUrl }, silence: { kind: 'failing' } },
    });
    await expectEventually(async () => expect(await mails()).toHaveLength(1), 30_000);
    expect((await mails())[0]).toMatchObject({
      to: 'ops@example.org',
      subject: '[Notice] Feed failing: Steppe Wire',
    });
    // Still failing, checked every second: the same episode, told once.
    await settle();
    expect(notices()).toHaveLength(1);
    expect(await mails()).toHaveLength(1);
    expect(receiver.on('/plain')).toHaveLength(0);
    const admins = (await (await call('GET', '/api/admin/feeds', admin)).json()) as {
      feeds: { silence: { silent: boolean; kind?: string } }[];
    };
    expect(admins.feeds[0]!.silence).toMatchObject({ silent: true, kind: 'failing' });
  });

  it('ends the episode when the feed recovers; failing again is a new episode, told once more', async () => {
    up = true;
    const feedId = (
      (await (await call('GET', '/api/feeds', admin)).json()) as {
        feeds: { id: string; health: { status: string } }[];
      }
    ).feeds[0]!.id;
    // The next poll comes after the failures' backoff (a few seconds here).
    await expectEventually(
      async () =>
        expect(
          (
            (await (await call('GET', `/api/feeds/${feedId}`, admin)).json()) as {
              health: { status: string };
            }
          ).health.status,
        ).toBe('ok'),
      60_000,
    );
    await settle();
    expect(notices()).toHaveLength(1);
    up = false;
    await expectEventually(() => expect(notices()).toHaveLength(2), 60_000);
    await expectEventually(async () => expect(await mails()).toHaveLength(2), 30_000);
    await settle();
    expect(notices()).toHaveLength(2);
    const [first, second] = notices();
    expect(first!.headers['webhook-id']).not.toBe(second!.headers['webhook-id']);
  });
});
