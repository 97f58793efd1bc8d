import { randomUUID } from 'node:crypto';

import type { SubscriptionView, WebhookPayload } from '@app/alerts';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';

import { testConfig } from '../support';
import {
  addEntry,
  type Child,
  expectEventually,
  openProduct,
  type Product,
  startWorker,
  WebhookReceiver,
} from './alerts-fixture';

/**
 * Webhooks as a receiver sees them: the worker (a real child process) sends to a real HTTP server,
 * signed per Standard Webhooks; retries, Retry-After, redirects, 410, timeouts and endpoints that
 * keep failing behave as DESIGN.md section 7 says. Entries are approved and subscriptions made in
 * the test process, on the same database.
 */
describe('webhooks', () => {
  let receiver: WebhookReceiver;
  let product: Product;
  let worker: Child;
  let env: Record<string, string>;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    const made = testConfig('sqlite', {
      UNDO_WINDOW: '0s',
      ALERT_RETRY_SCHEDULE: '0,100ms,200ms',
      WEBHOOK_TIMEOUT: '1s',
      ALERT_SWEEP_INTERVAL: '1s',
      PUBLIC_BASE_URL: 'https://timeline.example.org',
    });
    env = made.env;
    product = await openProduct(made.config);
    worker = await startWorker(env);
  });
  afterAll(async () => {
    await worker?.kill();
    await product?.close();
    await receiver?.close();
  });

  /** A webhook subscription for entries carrying a word of its own, so tests do not see each other's. */
  const subscribe = async (path: string, word: string) =>
    product.subscriptions.create(
      {
        channel: 'webhook',
        target: receiver.url(path),
        filters: { keywords: [word] },
        ownerKeyId: null,
        confirmed: true,
      },
      { actor: 'test' },
    );
  const deliveriesOf = async (subscription: SubscriptionView) =>
    (await product.deliveries.list(subscription.id, { limit: 100, offset: 0 })).deliveries;

  it('signs every delivery so that a receiver can verify it; a tampered body or a stale timestamp fails', async () => {
    const { subscription, secret } = await subscribe('/signed', 'zebra');
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    const entryId = await addEntry(product.timeline, { title: 'Zebra crossing at the Khorgos border post' });

    const [request] = await expectEventually(() => {
      expect(receiver.on('/signed')).toHaveLength(1);
      return receiver.on('/signed');
    });
    const verified = new Webhook(secret!).verify(request!.body, request!.headers) as WebhookPayload;
    expect(verified).toMatchObject({
      type: 'entry.added',
      data: {
        entry: {
          id: entryId,
          title: 'Zebra crossing at the Khorgos border post',
          countries: ['KZ', 'CN'],
          categories: ['border-security'],
          actors: ['Border Service of Kazakhstan'],
          date: { start: '2026-03-05', precision: 'day' },
          sources: [expect.objectContaining({ title: 'Test Wire report' })],
          url: `https://timeline.example.org/entries/${entryId}`,
        },
      },
    });
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);

    // The webhook-id is the delivery's id, and the delivery log shows the attempt.
    const [delivery] = await expectEventually(async () => {
      const list = await deliveriesOf(subscription);
      expect(list).toEqual([expect.objectContaining({ status: 'delivered' })]);
      return list;
    });
    expect(request!.headers['webhook-id']).toBe(delivery!.id);
    expect(delivery!.attemptLog).toEqual([
      expect.objectContaining({ attempt: 1, outcome: 'delivered', statusCode: 200 }),
    ]);

    const tampered = request!.body.replace('Zebra', 'Zebu');
    expect(() => new Webhook(secret!).verify(tampered, request!.headers)).toThrow(WebhookVerificationError);
    const stale = new Date(Date.now() - 10 * 60_000);
    const staleHeaders = {
      ...request!.headers,
      'webhook-timestamp': String(Math.floor(stale.getTime() / 1_000)),
      'webhook-signature': new Webhook(secret!).sign(delivery!.id, stale, request!.body),
    };
    expect(() => new Webhook(secret!).verify(request!.body, staleHeaders)).toThrow(/too old/);
    const otherSecret = `whsec_${Buffer.from(randomUUID()).toString('base64')}`;
    expect(() => new Webhook(otherSecret).verify(request!.body, request!.headers)).toThrow(
      WebhookVerificationError,
    );
  });

  it('sends corrections and retractions to exactly those who got the entry, even when their filters no longer match', async () => {
    const { subscription: original, secret } = await subscribe('/corrections', 'okapi');
    const entryId = await addEntry(product.timeline, { title: 'Okapi exercise near Dushanbe' });
    await expectEventually(() => expect(receiver.on('/corrections')).toHaveLength(1));
    // Matches the corrected title, but never got the entry: it hears nothing of the correction.
    const { subscription: latecomer } = await subscribe('/latecomer', 'gazelle');

    await product.timeline.execute(
      {
        kind: 'amend',
        entryId,
        changes: { title: 'Gazelle exercise near Dushanbe' },
        reason: 'wrong exercise name',
      },
      { actor: 'key:reviewer' },
    );
    await product.timeline.execute(
      { kind: 'retract', entryId, reason: 'it never took place' },
      { actor: 'key:reviewer' },
    );

    const requests = await expectEventually(() => {
      expect(receiver.on('/corrections')).toHaveLength(3);
      return receiver.on('/corrections');
    });
    const [added, amended, retracted] = requests.map(
      (r) => new Webhook(secret!).verify(r.body, r.headers) as WebhookPayload,
    );
    expect(added!.type).toBe('entry.added');
    expect(amended).toMatchObject({
      type: 'entry.amended',
      data: {
        entry: { id: entryId, title: 'Gazelle exercise near Dushanbe' },
        changes: { title: 'Gazelle exercise near Dushanbe' },
        reason: 'wrong exercise name',
      },
    });
    expect(retracted).toMatchObject({
      type: 'entry.retracted',
      data: { entry: { id: entryId, status: 'retracted' }, reason: 'it never took place' },
    });
    expect(new Set(requests.map((r) => r.headers['webhook-id'])).size).toBe(3);
    expect((await deliveriesOf(original)).map((d) => d.kind).sort()).toEqual([
      'added',
      'amended',
      'retracted',
    ]);
    expect(await deliveriesOf(latecomer)).toEqual([]);
    expect(receiver.on('/latecomer')).toEqual([]);
  });

  it('retries failures with the same webhook-id until a 2xx, waiting at least as long as Retry-After asks', async () => {
    receiver.reply('/flaky', (_request, nth) =>
      nth === 1
        ? { status: 500 }
        : nth === 2
          ? { status: 429, headers: { 'retry-after': '2' } }
          : { status: 204 },
    );
    const { subscription } = await subscribe('/flaky', 'ibex');
    await addEntry(product.timeline, { title: 'Ibex battalion rotates out' });

    const [delivery] = await expectEventually(async () => {
      const list = await deliveriesOf(subscription);
      expect(list).toEqual([expect.objectContaining({ status: 'delivered', attempts: 3 })]);
      return list;
    });
    expect(delivery!.attemptLog).toEqual([
      expect.objectContaining({ attempt: 1, outcome: 'retry', statusCode: 500 }),
      expect.objectContaining({ attempt: 2, outcome: 'retry', statusCode: 429 }),
      expect.objectContaining({ attempt: 3, outcome: 'delivered', statusCode: 204 }),
    ]);
    const requests = receiver.on('/flaky');
    expect(requests.map((r) => r.headers['webhook-id'])).toEqual([delivery!.id, delivery!.id, delivery!.id]);
    const [, second, third] = delivery!.attemptLog.map((a) => Date.parse(a.startedAt));
    expect(third! - second!).toBeGreaterThanOrEqual(2_000);
  });

  it('does not follow redirects, and disables an endpoint that keeps failing past the retry window', async () => {
    receiver.reply('/moved', () => ({ status: 302, headers: { location: '/moved-here' } }));
    const { subscription } = await subscribe('/moved', 'markhor');
    await addEntry(product.timeline, { title: 'Markhor survey team detained' });

    const disabled = await expectEventually(async () => {
      const view = await product.subscriptions.get(subscription.id);
      expect(view.status).toBe('disabled');
      return view;
    });
    expect(disabled.disabledReason).toMatch(/4 attempts.*retry window.*302.*not followed/);
    const [delivery] = await deliveriesOf(subscription);
    expect(delivery).toMatchObject({ status: 'failed', attempts: 4 });
    expect(delivery!.attemptLog.map((a) => a.statusCode)).toEqual([302, 302, 302, 302]);
    expect(receiver.on('/moved-here')).toEqual([]);
    // The disabling is in the log, with its reason.
    const stream = await product.events.readStream(`subscription-${subscription.id}`);
    expect(stream.at(-1)).toMatchObject({
      type: 'SubscriptionDisabled',
      data: { reason: disabled.disabledReason },
      metadata: { actor: 'system:alerts' },
    });
    expect(worker.output()).toContain(`Subscription ${subscription.id} (webhook) disabled`);
  });

  it('disables the subscription at a 410 and sends it nothing more', async () => {
    receiver.reply('/gone', () => ({ status: 410 }));
    const { subscription } = await subscribe('/gone', 'saiga');
    await addEntry(product.timeline, { title: 'Saiga antelope smuggling ring broken up' });
    await expectEventually(async () =>
      expect(await product.subscriptions.get(subscription.id)).toMatchObject({
        status: 'disabled',
        disabledReason: 'The endpoint answered 410 Gone',
      }),
    );
    expect(await deliveriesOf(subscription)).toEqual([
      expect.objectContaining({ status: 'failed', attempts: 1, lastError: 'The endpoint answered 410 Gone' }),
    ]);

    // What is approved from now on is not sent to it; another subscriber proves it was dispatched.
    const { subscription: witness } = await subscribe('/witness', 'saiga');
    await addEntry(product.timeline, { title: 'Saiga count published' });
    await expectEventually(() => expect(receiver.on('/witness')).toHaveLength(1));
    expect(receiver.on('/gone')).toHaveLength(1);
    expect(await deliveriesOf(subscription)).toHaveLength(1);
    expect(await deliveriesOf(witness)).toHaveLength(1);
  });

  it('cuts off a receiver that does not answer within WEBHOOK_TIMEOUT, and tries again', async () => {
    receiver.reply('/slow', (_request, nth) => (nth === 1 ? 'hold' : { status: 200 }));
    const { subscription } = await subscribe('/slow', 'argali');
    await addEntry(product.timeline, { title: 'Argali hunting permits for border officers' });

    const [delivery] = await expectEventually(async () => {
      const list = await deliveriesOf(subscription);
      expect(list).toEqual([expect.objectContaining({ status: 'delivered', attempts: 2 })]);
      return list;
    });
    expect(delivery!.attemptLog[0]).toMatchObject({
      outcome: 'retry',
      statusCode: null,
      detail: expect.stringMatching(/No complete answer .* within 1000 ms/) as string,
    });
    expect(delivery!.attemptLog[0]!.durationMs).toBeGreaterThanOrEqual(1_000);
    expect(receiver.on('/slow').map((r) => r.headers['webhook-id'])).toEqual([delivery!.id, delivery!.id]);
  });
});

describe('webhooks to private addresses when ALLOW_PRIVATE_NETWORK is off', () => {
  it('never connects, and says why in the delivery log and on the subscription', async () => {
    const receiver = await WebhookReceiver.start();
    const { config, env } = testConfig('sqlite', {
      UNDO_WINDOW: '0s',
      ALLOW_PRIVATE_NETWORK: 'false',
      ALERT_RETRY_SCHEDULE: '0,100ms',
    });
    const product = await openProduct(config);
    const worker = await startWorker(env);
    try {
      const { subscription } = await product.subscriptions.create(
        { channel: 'webhook', target: receiver.url('/private'), ownerKeyId: null, confirmed: true },
        { actor: 'test' },
      );
      await addEntry(product.timeline, { title: 'An entry for everyone' });

      const [delivery] = await expectEventually(async () => {
        const list = (await product.deliveries.list(subscription.id, { limit: 10, offset: 0 })).deliveries;
        expect(list).toEqual([expect.objectContaining({ status: 'failed' })]);
        return list;
      });
      expect(delivery!.lastError).toMatch(/Refused to connect to 127\.0\.0\.1.*ALLOW_PRIVATE_NETWORK/);
      expect(delivery!.attemptLog).toEqual([
        expect.objectContaining({ outcome: 'gone', detail: delivery!.lastError }),
      ]);
      // Disabled right after the outcome is recorded.
      await expectEventually(async () =>
        expect(await product.subscriptions.get(subscription.id)).toMatchObject({
          status: 'disabled',
          disabledReason: delivery!.lastError,
        }),
      );
      expect(receiver.connections).toBe(0);
    } finally {
      await worker.kill();
      await product.close();
      await receiver.close();
    }
  });
});
