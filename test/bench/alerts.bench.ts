import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import { join } from 'node:path';

import { AlertsModule, signWebhook, SubscriptionSecrets, SubscriptionService } from '@app/alerts';
import { ApiKeyService, AuthModule } from '@app/auth';
import type { Database } from '@app/database';
import { EventStore } from '@app/event-store';
import { ReviewModule } from '@app/review';
import { type EntryFields, TimelineModule, TimelineService } from '@app/timeline';
import { Agent, request } from 'undici';

import { openBench, removeBench, round } from './bench-context';
import { deleteRedisKeys } from '../support/redis-keys';

/** The bench runs from dist/test/bench; the process it starts is dist/apps/all-in-one, built beside it. */
const ALL_IN_ONE_MAIN = join(__dirname, '..', '..', 'apps', 'all-in-one', 'src', 'main.js');
const FAN_OUT_WAIT_MS = 120_000;
const LATENCY_WAIT_MS = 30_000;
/** Latency counts from the moment a decision is final: no undo window before anything is sent. */
const UNDO_WINDOW = '0s';
const DEAD_ENDPOINTS = 3;
const WEBHOOK_TIMEOUT = '2s';

/**
 * Issues 13 and 15's figures, through the real product: the all-in-one process (dist/apps/all-in-one:
 * API, dispatcher and delivery processor in one process, as `npm start` runs) on SQLite and Redis.
 * Candidates are appended to its log from this process as ingest would; each is approved over HTTP
 * (POST /api/review/candidates/:id/approve) and timed from the request to its receipt by a local
 * webhook receiver. Beside it, the same receiver fed by a bare loop of signed POSTs (no log, no
 * queue, no database): what the HTTP alone costs. Then the same latency while 1,000 deliveries wait
 * for three dead endpoints (they accept connections and never answer). The process's peak RSS is
 * read from /proc.
 */
export async function benchAlerts(options: {
  subscribers: number;
  approvals: number;
  synchronous: 'FULL' | 'NORMAL';
}) {
  const ctx = await openBench('alerts', {
    synchronous: options.synchronous,
    features: [TimelineModule, AlertsModule, ReviewModule, AuthModule],
  });
  const timeline = ctx.app.get(TimelineService);
  const events = ctx.app.get(EventStore);
  const subscriptions = ctx.app.get(SubscriptionService);
  const receiver = await Receiver.start();
  const dead = await Promise.all(Array.from({ length: DEAD_ENDPOINTS }, () => Blackhole.start()));
  const prefix = `bench-alerts-${randomBytes(4).toString('hex')}`;
  const port = await freePort();
  const env = {
    ...ctx.env,
    REDIS_PREFIX: prefix,
    PORT: String(port),
    LOG_LEVEL: 'log',
    NODE_ENV: 'development',
    FEEDS_FILE: 'none',
    UNDO_WINDOW,
    WEBHOOK_TIMEOUT,
  };
  const base = `http://127.0.0.1:${port}`;
  let server: ChildProcess | undefined;
  const rss = { peakKb: 0, samples: 0 };
  const client = new Agent();
  let sampler: NodeJS.Timeout | undefined;
  try {
    // Writes are limited per key (120 a minute): the approvals take turns among enough keys.
    const reviewers: string[] = [];
    for (let i = 0; i < 8; i += 1) {
      reviewers.push((await ctx.app.get(ApiKeyService).create({ role: 'reviewer', name: `bench-${i}` })).key);
    }
    let turn = 0;
    const approveMs: number[] = [];
    const answeredAt: number[] = [];
    // An entry, so the product does not seed the curated timeline on its first start.
    await approveInProcess(timeline, 'before start');
    server = await startAllInOne(env);
    const pid = server.pid!;
    sampler = setInterval(() => {
      rss.peakKb = Math.max(rss.peakKb, memoryKb(pid, 'VmHWM'));
      rss.samples += 1;
    }, 200);
    const approve = async (words: string): Promise<number> => {
      const candidateId = randomUUID();
      await events.append(`candidate-${candidateId}`, 0, [
        {
          type: 'CandidateProposed',
          data: candidateData(candidateId, words),
          metadata: { actor: 'system:ingest' },
        },
      ]);
      const started = performance.now();
      const response = await request(`${base}/api/review/candidates/${candidateId}/approve`, {
        method: 'POST',
        dispatcher: client,
        // A connection of its own each time: one left idle while subscriptions are made may be
        // closed by the server just as the next approval goes out. (A loopback connect is ~0.1 ms.)
        reset: true,
        headers: {
          authorization: `Bearer ${reviewers[(turn += 1) % reviewers.length]}`,
          'content-type': 'application/json',
        },
        body: '{}',
      });
      const answer = await response.body.text();
      if (response.statusCode !== 200) throw new Error(`Approve answered ${response.statusCode}: ${answer}`);
      approveMs.push(performance.now() - started);
      answeredAt.push(performance.now());
      return started;
    };
    const subscribe = (path: string, keyword: string, target = receiver.url(path)) =>
      subscriptions.create(
        { channel: 'webhook', target, filters: { keywords: [keyword] }, ownerKeyId: null, confirmed: true },
        { actor: 'bench' },
      );

    // Latency: one subscriber, approvals one after another, each waited for.
    await subscribe('/one', 'latency');
    await approve('latency warm-up');
    await receiver.waitFor('/one', 1, LATENCY_WAIT_MS);
    const latencies: number[] = [];
    const fromDecision: number[] = [];
    for (let i = 0; i < options.approvals; i += 1) {
      const started = await approve(`latency ${i}`);
      const received = await receiver.waitFor('/one', i + 2, LATENCY_WAIT_MS);
      latencies.push(received - started);
      fromDecision.push(received - answeredAt.at(-1)!);
    }

    progress('latency done');
    // Fan-out: many subscribers, one approval.
    for (let i = 0; i < options.subscribers; i += 1) await subscribe(`/many/${i}`, 'fan-out');
    const cpuBefore = cpuMs(pid);
    const fanOutStarted = await approve('fan-out');
    const lastReceived = await receiver.waitForPrefix('/many/', options.subscribers, FAN_OUT_WAIT_MS);
    const fanOutMs = lastReceived - fanOutStarted;
    const fanOutCpuMs = cpuMs(pid) - cpuBefore;
    const ids = new Set(receiver.requests.filter((r) => r.path.startsWith('/many/')).map((r) => r.webhookId));

    progress('fan-out done');
    // Isolation: three dead endpoints with 1,000 deliveries owed to them; the healthy one's latency.
    for (const [i, hole] of dead.entries()) await subscribe(`/dead/${i}`, 'stalled', hole.url(`/dead/${i}`));
    const owedToDead = Math.ceil(1_000 / DEAD_ENDPOINTS);
    for (let i = 0; i < owedToDead; i += 1) await approve(`stalled ${i}`);
    const pendingDead = await waitForPending(ctx.database, DEAD_ENDPOINTS * owedToDead);
    progress(`${pendingDead} deliveries pending to dead endpoints`);
    const isolated: number[] = [];
    const sent = receiver.on('/one').length;
    for (let i = 0; i < Math.min(options.approvals, 50); i += 1) {
      const started = await approve(`latency stalled ${i}`);
      const received = await receiver.waitFor('/one', sent + i + 1, LATENCY_WAIT_MS);
      isolated.push(received - started);
    }

    // The bare loop: the same receiver, the same signing, POSTs in a loop, one after another, then
    // as many at once as the product's outbound client keeps connections (8).
    const bare = await bareLoop(receiver, options.approvals, options.subscribers);
    clearInterval(sampler);
    rss.peakKb = Math.max(rss.peakKb, memoryKb(pid, 'VmHWM'));

    return {
      setup: {
        database: ctx.kind,
        synchronous: options.synchronous,
        process: 'all-in-one (dist/apps/all-in-one: API, dispatcher, deliveries), approvals over HTTP',
        undoWindow: `UNDO_WINDOW=${UNDO_WINDOW}: latency counts from the final decision (the review undo window is off)`,
        webhookTimeout: WEBHOOK_TIMEOUT,
      },
      latency: {
        approvals: options.approvals,
        decisionToReceipt: {
          p50Ms: round(percentile(fromDecision, 0.5)),
          p99Ms: round(percentile(fromDecision, 0.99)),
          maxMs: round(Math.max(...fromDecision)),
          what: 'from the approval answered (the decision committed) to the webhook received; below 0: received first',
        },
        approveRequestToReceipt: {
          p50Ms: round(percentile(latencies, 0.5)),
          p99Ms: round(percentile(latencies, 0.99)),
          maxMs: round(Math.max(...latencies)),
        },
        approveRequestP50Ms: round(percentile(approveMs.slice(1, options.approvals + 1), 0.5)),
        aim: 'decision to receipt p50 < 15 ms, p99 < 40 ms',
      },
      fanOut: {
        subscribers: options.subscribers,
        delivered: ids.size,
        approvalToLastDeliveryMs: round(fanOutMs),
        bareConcurrentMs: bare.concurrent.ms,
        ratioToBare: round(fanOutMs / bare.concurrent.ms, 2),
        /** The all-in-one process's CPU over the fan-out (the receiver's is in this process). */
        allInOneCpuMs: round(fanOutCpuMs),
        aim: '<= 1.2x the bare POST loop',
      },
      isolation: {
        deadEndpoints: DEAD_ENDPOINTS,
        pendingToDeadEndpoints: pendingDead,
        approvals: isolated.length,
        p50Ms: round(percentile(isolated, 0.5)),
        p99Ms: round(percentile(isolated, 0.99)),
        aim: 'a healthy receiver keeps p50 < 15 ms',
      },
      bareSignedPosts: bare,
      memory: { peakRssMb: round(rss.peakKb / 1024), aim: 'all-in-one peak RSS < 300 MB' },
    };
  } catch (error) {
    process.stderr.write(
      `The all-in-one process (exit ${String(server?.exitCode)} ${String(server?.signalCode)}) said:\n${lastOutput().slice(-3_000)}\n`,
    );
    throw error;
  } finally {
    clearInterval(sampler);
    await client.close();
    server?.kill('SIGTERM');
    await receiver.close();
    for (const hole of dead) hole.close();
    await ctx.app.close();
    removeBench(ctx);
    await deleteRedisKeys(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', `${prefix}:*`);
  }
}

const progress = (what: string) => process.stderr.write(`alerts bench: ${what}\n`);

function candidateData(candidateId: string, words: string) {
  const slug = randomUUID().slice(0, 8);
  return {
    candidateId,
    item: {
      feedId: 'feed-bench',
      feedTitle: 'Bench wire',
      guid: `https://bench.example.org/${slug}`,
      guidIsFallback: false,
      link: `https://bench.example.org/${slug}`,
      title: `Joint border patrol (${words})`,
      excerpt: 'Kazakh and Chinese border guards patrolled the Khorgos section together.',
      publishedAt: '2026-03-04T08:00:00.000Z',
      publishedAtEstimated: false,
      language: 'en',
      fetchedAt: '2026-03-04T09:00:00.000Z',
    },
    relevance: null,
    proposed: {
      title: `Joint border patrol (${words})`,
      summary: 'Kazakh and Chinese border guards patrolled the Khorgos section together.',
      date: { start: '2026-03-05', precision: 'day' },
      countries: ['KZ', 'CN'],
      actors: ['Border Service of Kazakhstan'],
      categories: ['border-security'],
    },
  };
}

async function approveInProcess(timeline: TimelineService, word: string): Promise<void> {
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

async function waitForPending(database: Database, count: number): Promise<number> {
  const deadline = Date.now() + FAN_OUT_WAIT_MS;
  for (;;) {
    const [row] = await database.query<{ n: number | string }>(
      `SELECT COUNT(*) AS n FROM deliveries d JOIN subscriptions s ON s.id = d.subscription_id
       WHERE s.target LIKE '%/dead/%' AND d.status IN ('pending', 'sending')`,
    );
    const n = Number(row?.n ?? 0);
    if (n >= count || Date.now() > deadline) return n;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A field of /proc/<pid>/status in kB (VmHWM: the peak resident set). */
function memoryKb(pid: number, field: string): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(
      readFileSync(`/proc/${pid}/status`, 'utf8'),
    );
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** CPU time (user and system) the process has used so far, in ms, from /proc/<pid>/stat. */
function cpuMs(pid: number): number {
  try {
    // The fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1_000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}
/** USER_HZ: 100 on Linux, whatever the kernel's own tick. */
const CLOCK_TICKS_PER_SECOND = 100;

async function freePort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** An endpoint that accepts connections and never answers: every send to it waits out the timeout. */
class Blackhole {
  private readonly sockets = new Set<Socket>();
  private constructor(
    private readonly server: TcpServer,
    private readonly port: number,
  ) {}

  static async start(): Promise<Blackhole> {
    const server = createTcpServer();
    const hole = new Blackhole(server, 0);
    server.on('connection', (socket) => {
      hole.sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => hole.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return Object.assign(hole, { port: (server.address() as { port: number }).port });
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  close(): void {
    for (const socket of this.sockets) socket.destroy();
    this.server.close();
  }
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
        'webhook-signature': signWebhook(secret, id, String(Math.floor(now.getTime() / 1_000)), body),
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
    const cpuBefore = process.cpuUsage();
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
    const cpu = process.cpuUsage(cpuBefore);
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
        /** This process's CPU: the POSTs and the receiver's side of them both. */
        cpuMs: round((cpu.user + cpu.system) / 1_000),
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

let lastOutput = () => '';

function startAllInOne(env: Record<string, string>): Promise<ChildProcess> {
  // ALERTS_BENCH_NODE_ARGS: node options for the product's process, e.g. to profile it
  // ('--prof --logfile=/tmp/v8.log --no-logfile-per-isolate', then `node --prof-process`).
  const child = spawn(
    process.execPath,
    [...(process.env.ALERTS_BENCH_NODE_ARGS?.split(' ') ?? []), ALL_IN_ONE_MAIN],
    {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  lastOutput = () => output;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`The all-in-one process did not start:\n${output}`)),
      60_000,
    );
    const onData = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
      if (/listening on/.test(output)) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code !== null && code !== 0)
        process.stderr.write(`The all-in-one process exited with ${code}:\n${output}\n`);
      reject(new Error(`The all-in-one process exited with ${code}:\n${output}`));
    });
  });
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

  on(path: string): Received[] {
    return this.requests.filter((r) => r.path === path);
  }

  /** When the `count`th request to `path` arrived. */
  waitFor(path: string, count: number, timeoutMs: number): Promise<number> {
    return this.waitForMatches(
      (r) => r.path === path,
      count,
      timeoutMs,
      (_, at) => at,
    );
  }

  /** When the last of `count` requests under `prefix` arrived. */
  waitForPrefix(prefix: string, count: number, timeoutMs: number): Promise<number> {
    return this.waitForMatches((r) => r.path.startsWith(prefix), count, timeoutMs, Math.max);
  }

  /**
   * Reads only the requests that came since its last look: the check runs on every request, and
   * filtering them all each time cost the bench CPU that grew with the square of the fan-out (CPU
   * the product under test then lacked, while the bare loop never paid it).
   */
  private waitForMatches(
    matches: (request: Received) => boolean,
    count: number,
    timeoutMs: number,
    fold: (soFar: number, at: number) => number,
  ): Promise<number> {
    let cursor = 0;
    let seen = 0;
    let at = 0;
    return this.until(() => {
      for (; cursor < this.requests.length && seen < count; cursor += 1) {
        const request = this.requests[cursor]!;
        if (!matches(request)) continue;
        seen += 1;
        at = seen === 1 ? request.at : fold(at, request.at);
      }
      return seen >= count ? at : undefined;
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
