import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';

import { AlertsModule, SubscriptionSecrets, SubscriptionService } from '@app/alerts';
import { type EntryFields, TimelineModule, TimelineService } from '@app/timeline';
import { Redis } from 'ioredis';
import { Webhook } from 'standardwebhooks';
import { Agent, request } from 'undici';

import { openBench, removeBench, round } from './bench-context';

/** The bench runs from dist/test/bench; the worker it starts is dist/apps/worker, built beside it. */
const WORKER_MAIN = join(__dirname, '..', '..', 'apps', 'worker', 'src', 'main.js');
const FAN_OUT_WAIT_MS = 120_000;
const LATENCY_WAIT_MS = 30_000;

/**
 * Issue 6's figures: approval (an EntryAdded append) to receipt by a local webhook receiver, through
 * the real product: the append in this process, the dispatcher and the delivery processor in a real
 * worker process (dist/apps/worker), Redis, signed POSTs over loopback. Beside it, the same receiver
 * fed by a bare loop of signed POSTs (no log, no queue, no database): what the HTTP alone costs.
 */
export async function benchAlerts(options: {
  subscribers: number;
  approvals: number;
  synchronous: 'FULL' | 'NORMAL';
}) {
  const ctx = await openBench('alerts', {
    synchronous: options.synchronous,
    features: [TimelineModule, AlertsModule],
  });
  const timeline = ctx.app.get(TimelineService);
  const subscriptions = ctx.app.get(SubscriptionService);
  const receiver = await Receiver.start();
  const prefix = `bench-alerts-${randomBytes(4).toString('hex')}`;
  const env = { ...ctx.env, REDIS_PREFIX: prefix, LOG_LEVEL: 'warn', NODE_ENV: 'development' };
  let worker: ChildProcess | undefined;
  try {
    worker = await startWorker(env);
    const approve = (word: string) => approveEntry(timeline, word);

    // Latency: one subscriber, approvals one after another, each waited for.
    await subscriptions.create(
      {
        channel: 'webhook',
        target: receiver.url('/one'),
        filters: { keywords: ['latency'] },
        ownerKeyId: null,
        confirmed: true,
      },
      { actor: 'bench' },
    );
    await approve('latency warm-up');
    await receiver.waitFor('/one', 1, LATENCY_WAIT_MS);
    const latencies: number[] = [];
    for (let i = 0; i < options.approvals; i += 1) {
      const started = performance.now();
      await approve(`latency ${i}`);
      const received = await receiver.waitFor('/one', i + 2, LATENCY_WAIT_MS);
      latencies.push(received - started);
    }

    // Fan-out: many subscribers, one approval.
    for (let i = 0; i < options.subscribers; i += 1) {
      await subscriptions.create(
        {
          channel: 'webhook',
          target: receiver.url(`/many/${i}`),
          filters: { keywords: ['fan-out'] },
          ownerKeyId: null,
          confirmed: true,
        },
        { actor: 'bench' },
      );
    }
    const started = performance.now();
    await approve('fan-out');
    const lastReceived = await receiver.waitForPrefix('/many/', options.subscribers, FAN_OUT_WAIT_MS);
    const fanOutMs = lastReceived - started;
    const ids = new Set(receiver.requests.filter((r) => r.path.startsWith('/many/')).map((r) => r.webhookId));

    // The bare loop: the same receiver, the same signing, POSTs in a loop, one after another, then
    // as many at once as the product's outbound client keeps connections (8).
    const bare = await bareLoop(receiver, options.approvals, options.subscribers);

    return {
      setup: { synchronous: options.synchronous, worker: 'one process (dist/apps/worker), concurrency 32' },
      fanOut: {
        subscribers: options.subscribers,
        delivered: ids.size,
        approvalToLastDeliveryMs: round(fanOutMs),
        deliveriesPerSecond: round((options.subscribers / fanOutMs) * 1_000),
        aim: 'all delivered within 5000 ms',
      },
      latency: {
        approvals: options.approvals,
        p50Ms: round(percentile(latencies, 0.5)),
        p99Ms: round(percentile(latencies, 0.99)),
        maxMs: round(Math.max(...latencies)),
        aim: 'p50 < 100 ms',
      },
      bareSignedPosts: bare,
    };
  } finally {
    worker?.kill('SIGTERM');
    await receiver.close();
    await ctx.app.close();
    removeBench(ctx);
    await dropRedisPrefix(prefix);
  }
}

async function approveEntry(timeline: TimelineService, word: string): Promise<void> {
  const fields: EntryFields = {
    title: `Joint border patrol (${word})`,
    summary: 'Kazakh and Chinese border guards patrolled the Khorgos section together.',
    date: { start: '2026-03-05', precision: 'day' },
    countries: ['KZ', 'CN'],
    actors: ['Border Service of Kazakhstan'],
    categories: ['border-security'],
  };
  await timeline.execute(
    {
      kind: 'add',
      entryId: randomUUID(),
      fields,
      sources: [{ id: 's1', title: 'Bench wire', origin: { kind: 'manual' } }],
      origin: { kind: 'manual' },
    },
    { actor: 'key:bench' },
  );
}

async function bareLoop(receiver: Receiver, sequential: number, concurrent: number) {
  const secret = SubscriptionSecrets.newWebhookSecret();
  const agent = new Agent({ keepAliveTimeout: 10_000, connections: 8 });
  const post = async (path: string) => {
    const id = randomUUID();
    const now = new Date();
    const body = JSON.stringify({
      type: 'entry.added',
      timestamp: now.toISOString(),
      data: { entry: { id } },
    });
    const response = await request(receiver.url(path), {
      method: 'POST',
      dispatcher: agent,
      headers: {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(Math.floor(now.getTime() / 1_000)),
        'webhook-signature': new Webhook(secret).sign(id, now, body),
      },
      body,
    });
    await response.body.dump();
  };
  try {
    const latencies: number[] = [];
    for (let i = 0; i < sequential; i += 1) {
      const started = performance.now();
      await post('/bare-one');
      latencies.push(performance.now() - started);
    }
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < concurrent) {
          next += 1;
          await post('/bare-many');
        }
      }),
    );
    const ms = performance.now() - started;
    return {
      sequential: {
        posts: sequential,
        p50Ms: round(percentile(latencies, 0.5), 2),
        p99Ms: round(percentile(latencies, 0.99), 2),
      },
      concurrent: {
        posts: concurrent,
        connections: 8,
        ms: round(ms),
        postsPerSecond: round((concurrent / ms) * 1_000),
      },
    };
  } finally {
    await agent.close();
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? 0;
}

function startWorker(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, [WORKER_MAIN], {
    env: { PATH: process.env.PATH ?? '', ...env, LOG_LEVEL: 'log' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The worker did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Worker started')) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The worker exited with ${code}:\n${output}`));
    });
  });
}

async function dropRedisPrefix(prefix: string): Promise<void> {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

interface Received {
  path: string;
  webhookId: string;
  /** performance.now() when the whole request had arrived. */
  at: number;
}

/** A local webhook receiver that answers 204 at once and remembers when each request arrived. */
class Receiver {
  readonly requests: Received[] = [];
  private waiters: Array<() => void> = [];

  private constructor(
    private readonly server: Server,
    private readonly port: number,
  ) {}

  static async start(): Promise<Receiver> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const receiver = new Receiver(server, (server.address() as { port: number }).port);
    server.on('request', (req, res) => {
      req.resume();
      req.on('end', () => {
        receiver.requests.push({
          path: req.url ?? '/',
          webhookId: String(req.headers['webhook-id']),
          at: performance.now(),
        });
        res.writeHead(204).end();
        for (const wake of receiver.waiters.splice(0)) wake();
      });
    });
    return receiver;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** When the `count`th request to `path` arrived. */
  waitFor(path: string, count: number, timeoutMs: number): Promise<number> {
    return this.until(() => {
      const matching = this.requests.filter((r) => r.path === path);
      return matching.length >= count ? matching[count - 1]!.at : undefined;
    }, timeoutMs);
  }

  /** When the last of `count` requests under `prefix` arrived. */
  waitForPrefix(prefix: string, count: number, timeoutMs: number): Promise<number> {
    return this.until(() => {
      const matching = this.requests.filter((r) => r.path.startsWith(prefix));
      return matching.length >= count ? Math.max(...matching.map((r) => r.at)) : undefined;
    }, timeoutMs);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private until(check: () => number | undefined, timeoutMs: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Not received within ${timeoutMs} ms`)), timeoutMs);
      const attempt = () => {
        const at = check();
        if (at === undefined) return void this.waiters.push(attempt);
        clearTimeout(timer);
        resolve(at);
      };
      attempt();
    });
  }
}
