import type { SubscriptionView } from '@app/alerts';

import { DATABASE_KINDS, type DatabaseKind, testConfig } from '../support';
import {
  addEntry,
  type Child,
  expectEventually,
  openProduct,
  type Product,
  type ReceivedRequest,
  startRedis,
  startWorker,
  WebhookReceiver,
} from './alerts-fixture';

/**
 * Nothing is lost (DESIGN.md section 7): not when the worker is killed mid-send, not when Redis
 * restarts empty with deliveries queued, not when entries are approved while no worker runs. Every
 * expected delivery arrives, and each webhook-id is answered with a 2xx exactly once.
 */

/** The webhook-ids the receiver answered with a 2xx, each with how many times. */
function acknowledged(requests: readonly ReceivedRequest[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const request of requests) {
    if (typeof request.answer !== 'number' || request.answer >= 300) continue;
    const id = request.headers['webhook-id']!;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

/** Each pair of subscription and entry that should have arrived, as `<subscription> <entry>`. */
function arrivals(
  requests: readonly ReceivedRequest[],
  subscriptions: readonly SubscriptionView[],
): string[] {
  const byPath = new Map(subscriptions.map((s) => [new URL(s.target).pathname, s.id]));
  return requests
    .filter((r) => typeof r.answer === 'number' && r.answer < 300)
    .map(
      (r) =>
        `${byPath.get(r.path)} ${(JSON.parse(r.body) as { data: { entry: { id: string } } }).data.entry.id}`,
    )
    .sort();
}

const expectedArrivals = (subscriptions: readonly SubscriptionView[], entryIds: readonly string[]) =>
  subscriptions.flatMap((s) => entryIds.map((e) => `${s.id} ${e}`)).sort();

describe('delivery when the worker is killed mid-send', () => {
  let receiver: WebhookReceiver;
  let product: Product;
  const workers: Child[] = [];

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
  });
  afterAll(async () => {
    for (const worker of workers) await worker.kill('SIGKILL');
    await product?.close();
    await receiver?.close();
  });

  it('sends again from another worker, with the same webhook-id', async () => {
    const { config, env } = testConfig('sqlite', {
      WEBHOOK_TIMEOUT: '3s',
      ALERT_SWEEP_INTERVAL: '500ms',
      UNDO_WINDOW: '0s',
    });
    product = await openProduct(config);
    const first = await startWorker(env);
    workers.push(first);
    // The first request is held open: the worker has claimed the row and is sending when it dies.
    receiver.reply('/crash', (_request, nth) => (nth === 1 ? 'hold' : { status: 200 }));
    const { subscription } = await product.subscriptions.create(
      { channel: 'webhook', target: receiver.url('/crash'), ownerKeyId: null, confirmed: true },
      { actor: 'test' },
    );
    const entryId = await addEntry(product.timeline);
    await expectEventually(() => expect(receiver.on('/crash')).toHaveLength(1));
    const [sending] = (await product.deliveries.list(subscription.id, { limit: 10, offset: 0 })).deliveries;
    expect(sending).toMatchObject({ status: 'sending', attempts: 1 });

    expect(await first.kill('SIGKILL')).toBe('SIGKILL');
    workers.push(await startWorker(env));

    const [delivered] = await expectEventually(async () => {
      const list = (await product.deliveries.list(subscription.id, { limit: 10, offset: 0 })).deliveries;
      expect(list).toEqual([expect.objectContaining({ status: 'delivered' })]);
      return list;
    });
    const requests = receiver.on('/crash');
    expect(requests.map((r) => r.headers['webhook-id'])).toEqual([delivered!.id, delivered!.id]);
    expect(arrivals(requests, [subscription])).toEqual([`${subscription.id} ${entryId}`]);
    expect([...acknowledged(requests).values()]).toEqual([1]);
    // The killed attempt left no record; the one that reached the receiver is the second.
    expect(delivered!.attemptLog).toEqual([expect.objectContaining({ attempt: 2, outcome: 'delivered' })]);
  });
});

describe('delivery when Redis restarts empty', () => {
  let receiver: WebhookReceiver;
  let product: Product | undefined;
  let worker: Child | undefined;
  let redis: Awaited<ReturnType<typeof startRedis>> | undefined;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
  });
  afterAll(async () => {
    await worker?.kill('SIGKILL');
    await redis?.kill();
    await product?.close();
    await receiver?.close();
  });

  it('loses no delivery, queued or due, and sends each once', async () => {
    redis = await startRedis();
    const { config, env } = testConfig('sqlite', {
      UNDO_WINDOW: '0s',
      REDIS_URL: redis.url,
      ALERT_RETRY_SCHEDULE: '1s,2s,30s,60s',
      ALERT_SWEEP_INTERVAL: '500ms',
    });
    product = await openProduct(config);
    worker = await startWorker(env);
    let failing = true;
    const subscriptions: SubscriptionView[] = [];
    for (const path of ['/r1', '/r2', '/r3']) {
      receiver.reply(path, () => (failing ? { status: 503 } : { status: 200 }));
      subscriptions.push(
        (
          await product.subscriptions.create(
            { channel: 'webhook', target: receiver.url(path), ownerKeyId: null, confirmed: true },
            { actor: 'test' },
          )
        ).subscription,
      );
    }
    const entryIds = [await addEntry(product.timeline), await addEntry(product.timeline)];
    // Every delivery has failed once: each waits in Redis as a delayed retry job.
    await expectEventually(() => expect(acknowledgedOrNot(receiver.requests).size).toBe(6));

    await redis.kill();
    // Approved while Redis is away: the dispatcher writes the rows; their jobs cannot be queued.
    entryIds.push(await addEntry(product.timeline));
    await expectEventually(async () => {
      const [row] = await product!.database.query<{ n: number | string }>(
        'SELECT COUNT(*) AS n FROM deliveries',
      );
      expect(Number(row!.n)).toBe(9);
    });
    redis = await startRedis(redis.port);
    failing = false;

    await expectEventually(
      () =>
        expect(arrivals(receiver.requests, subscriptions)).toEqual(expectedArrivals(subscriptions, entryIds)),
      60_000,
    );
    expect([...acknowledged(receiver.requests).values()]).toEqual(Array(9).fill(1));
    // An outcome is recorded once the receiver has answered, with the others finished about then.
    await expectEventually(async () => {
      for (const subscription of subscriptions) {
        const { deliveries } = await product!.deliveries.list(subscription.id, { limit: 10, offset: 0 });
        expect(deliveries.map((d) => d.status)).toEqual(['delivered', 'delivered', 'delivered']);
      }
    });
  }, 120_000);
});

/** Every webhook-id the receiver saw, answered or not. */
function acknowledgedOrNot(requests: readonly ReceivedRequest[]): Set<string> {
  return new Set(requests.map((r) => r.headers['webhook-id']!));
}

describe.each(DATABASE_KINDS)(
  'delivery of what was approved while no worker ran (%s)',
  (kind: DatabaseKind) => {
    let receiver: WebhookReceiver;
    let product: Product;
    let worker: Child | undefined;

    beforeAll(async () => {
      receiver = await WebhookReceiver.start();
    });
    afterAll(async () => {
      await worker?.kill();
      await product?.close();
      await receiver?.close();
    });

    it('sends everything once a worker starts', async () => {
      const { config, env } = testConfig(kind, { UNDO_WINDOW: '0s' });
      product = await openProduct(config);
      const subscriptions: SubscriptionView[] = [];
      for (const path of ['/w1', '/w2']) {
        subscriptions.push(
          (
            await product.subscriptions.create(
              { channel: 'webhook', target: receiver.url(path), ownerKeyId: null, confirmed: true },
              { actor: 'test' },
            )
          ).subscription,
        );
      }
      const entryIds: string[] = [];
      for (let i = 0; i < 3; i += 1)
        entryIds.push(await addEntry(product.timeline, { title: `Approved offline ${i}` }));
      expect(receiver.requests).toEqual([]);

      worker = await startWorker(env);
      await expectEventually(() =>
        expect(arrivals(receiver.requests, subscriptions)).toEqual(expectedArrivals(subscriptions, entryIds)),
      );
      expect([...acknowledged(receiver.requests).values()]).toEqual(Array(6).fill(1));
    });
  },
);
