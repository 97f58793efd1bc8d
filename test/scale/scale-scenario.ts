// The scale-out scenario (DESIGN.md section 11), shared by its test (test/scale) and its bench
// (test/bench/scale.bench.ts): API and worker processes, built from dist/, on one PostgreSQL
// schema and one Redis prefix; local feeds polled; reviewers approving through every API at once;
// webhook subscribers verifying every signature. Then what must hold: the chain verifies, positions
// have no gaps, every read model equals a rebuild, every expected delivery arrived exactly once,
// no item was proposed twice.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';

import { ApiKeyService, AuthModule } from '@app/auth';
import { loadConfig } from '@app/config';
import { Database } from '@app/database';
import { CoreModule } from '@app/runtime';
import { NestFactory } from '@nestjs/core';
import { Webhook } from 'standardwebhooks';

import { freePort, watchProcess, type WatchedProcess } from '../support/run-node';

/** The repository: the nearest folder up with scripts/build.mjs (from test/scale or dist/test/scale). */
const ROOT = ((): string => {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'scripts', 'build.mjs'))) return dir;
  }
  throw new Error(`no repository above ${__dirname}`);
})();

export interface ScaleOptions {
  /** DATABASE_URL (postgres://…?schema=…), REDIS_URL and REDIS_PREFIX of this run, and anything else. */
  env: Record<string, string>;
  apis: number;
  workers: number;
  feeds: number;
  /** Relevant items per feed (each a story of its own); two irrelevant items are added to each. */
  relevantPerFeed: number;
  subscribers: number;
  reviewers: number;
  approvals: number;
  /** How long deliveries may take to arrive after the last approval. */
  deliveryTimeoutMs: number;
  log?: (line: string) => void;
}

export interface ScaleReport {
  processes: { apis: number; workers: number };
  ingest: { feeds: number; items: number; proposed: number; seconds: number; itemsPerSecond: number };
  review: { approvals: number; conflicts: number; seconds: number; approvalsPerSecond: number };
  /** From the first approval to the last receipt; and the tail after the last approval. */
  delivery: {
    expected: number;
    received: number;
    seconds: number;
    deliveriesPerSecond: number;
    secondsAfterLastApproval: number;
  };
  checks: {
    verify: { ok: boolean; eventsChecked: number };
    positions: { count: number; min: number; max: number };
    /** Read-model tables whose rows differ after `cli rebuild` (none, when all is well). */
    rebuildDifferences: string[];
    readModelTables: number;
    /** webhook-ids received more than once, or with a bad signature. */
    duplicateWebhookIds: string[];
    badSignatures: number;
    /** (subscription, entry) pairs expected and never received, and received but not expected. */
    missingDeliveries: string[];
    unexpectedDeliveries: string[];
    /** Items (by guid and by link) that more than one CandidateProposed names. */
    proposedTwice: string[];
    /** Items a second feed carried too (the same link): each proposed at most once. */
    sharedItems: number;
  };
}

const COUNTRIES = [
  { code: 'KZ', name: 'Kazakhstan', place: 'Khorgos' },
  { code: 'KG', name: 'Kyrgyzstan', place: 'Osh' },
  { code: 'TJ', name: 'Tajikistan', place: 'Dushanbe' },
  { code: 'UZ', name: 'Uzbekistan', place: 'Tashkent' },
  { code: 'TM', name: 'Turkmenistan', place: 'Ashgabat' },
] as const;
const TOPICS = [
  'hold joint counter-terrorism exercise',
  'sign border security agreement',
  'open police cooperation centre',
  'conduct SCO anti-terror drill',
  'agree military aid delivery',
];
const DAY_MS = 86_400_000;

interface Item {
  guid: string;
  link: string;
  title: string;
  day: number;
  relevant: boolean;
}

/** Every feed's items. Stories are five days apart, so no two are near-duplicates of each other. */
function feedItems(feed: number, relevantPerFeed: number): Item[] {
  const items: Item[] = [];
  for (let i = 0; i < relevantPerFeed; i += 1) {
    const story = feed * relevantPerFeed + i;
    const country = COUNTRIES[story % COUNTRIES.length]!;
    const topic = TOPICS[Math.floor(story / COUNTRIES.length) % TOPICS.length]!;
    items.push({
      guid: `scale-f${feed}-s${story}`,
      link: `https://outlet${feed}.example/news/${story}`,
      title: `China and ${country.name} ${topic} near ${country.place} (report ${story})`,
      day: Date.parse('2012-01-01T00:00:00Z') + story * 5 * DAY_MS,
      relevant: true,
    });
  }
  for (let i = 0; i < 2; i += 1) {
    items.push({
      guid: `scale-f${feed}-other${i}`,
      link: `https://outlet${feed}.example/sport/${i}`,
      title: `Local football club wins the regional cup, match ${feed}-${i}`,
      day: Date.parse('2020-06-01T00:00:00Z') + (feed * 2 + i) * DAY_MS,
      relevant: false,
    });
  }
  return items;
}

/** Every fifth feed also carries the first story of the feed before it: the same link, twice. */
function documents(options: ScaleOptions): { xml: string[]; shared: number } {
  let shared = 0;
  const xml = Array.from({ length: options.feeds }, (_, feed) => {
    const items = feedItems(feed, options.relevantPerFeed);
    if (feed % 5 === 4) {
      items.push(feedItems(feed - 1, options.relevantPerFeed)[0]!);
      shared += 1;
    }
    const body = items
      .map(
        (item) =>
          `<item><title>${item.title}</title><link>${item.link}</link>` +
          `<guid isPermaLink="false">${item.guid}</guid><pubDate>${new Date(item.day).toUTCString()}</pubDate>` +
          `<description>${item.title}. Officials of both governments confirmed it.</description></item>`,
      )
      .join('');
    return (
      `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Outlet ${feed}</title>` +
      `<link>https://outlet${feed}.example/</link><language>en</language>${body}</channel></rss>`
    );
  });
  return { xml, shared };
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    );
  });
}

const close = (server: Server): Promise<void> =>
  new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

/** The local publisher: /feed/<n>.xml, with an ETag, so a second poll is a 304. */
async function startFeeds(xml: string[]): Promise<{ server: Server; base: string }> {
  const server = createServer((req, res) => {
    const match = /^\/feed\/(\d+)\.xml$/.exec(req.url ?? '');
    const body = match ? xml[Number(match[1])] : undefined;
    if (body === undefined) return void res.writeHead(404).end();
    const etag = `"feed-${match![1]}"`;
    if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag }).end(body);
  });
  return { server, base: await listen(server) };
}

interface Receipt {
  subscriber: number;
  webhookId: string;
  entryId: string;
}

/** The subscribers: /hook/<n>, each verifying the signature with its own secret before a 200. */
async function startReceivers(secrets: Map<number, string>) {
  const receipts: Receipt[] = [];
  let badSignatures = 0;
  let lastAt = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const subscriber = Number(/^\/hook\/(\d+)$/.exec(req.url ?? '')?.[1] ?? -1);
      const secret = secrets.get(subscriber);
      const body = Buffer.concat(chunks).toString('utf8');
      try {
        if (!secret) throw new Error('no such subscriber');
        const payload = new Webhook(secret).verify(body, req.headers as Record<string, string>) as {
          data: { entry: { id: string } };
        };
        receipts.push({
          subscriber,
          webhookId: String(req.headers['webhook-id']),
          entryId: payload.data.entry.id,
        });
        lastAt = performance.now();
        res.writeHead(200).end();
      } catch {
        badSignatures += 1;
        res.writeHead(400).end();
      }
    });
  });
  return {
    server,
    base: await listen(server),
    receipts,
    badSignatures: () => badSignatures,
    lastAt: () => lastAt,
  };
}

/** A built entrypoint as a child process, ready once its log says so. */
async function startNode(
  script: string,
  env: Record<string, string>,
  ready: RegExp,
): Promise<WatchedProcess> {
  const child = spawn(process.execPath, [join(ROOT, script)], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return watchProcess(child, ready, 180_000, script);
}

/** The built command line, to its end; its stdout parsed as JSON. */
function cli(args: string[], env: Record<string, string>): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'dist/apps/cli/src/main.js'), ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 300_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(stdout));
      } catch {
        reject(new Error(`cli ${args.join(' ')} exited ${code}: ${stderr}${stdout}`));
      }
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One HTTP call with a key; a 429 waits out its Retry-After (a few times at most). */
async function call(
  base: string,
  method: string,
  path: string,
  key: string,
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  for (let attempt = 0; ; attempt += 1) {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(60_000),
    });
    const text = await response.text();
    if (response.status === 429 && attempt < 5) {
      await sleep(Number(response.headers.get('retry-after') ?? '1') * 1000);
      continue;
    }
    return { status: response.status, json: text ? (JSON.parse(text) as unknown) : null };
  }
}

async function until<T>(
  what: string,
  timeoutMs: number,
  check: () => Promise<T | undefined> | T | undefined,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`scale: ${what} did not happen in ${timeoutMs} ms`);
    await sleep(250);
  }
}

/** Runs `work` over `items`, `concurrency` at a time. */
async function pool<T>(items: T[], concurrency: number, work: (item: T, index: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        await work(items[index]!, index);
      }
    }),
  );
}

interface LoggedEvent {
  [column: string]: unknown;
  position: number;
  type: string;
  data: Record<string, unknown>;
}

export async function runScale(options: ScaleOptions): Promise<ScaleReport> {
  const log = options.log ?? (() => undefined);
  const env = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    FEEDS_FILE: 'none',
    ALLOW_PRIVATE_NETWORK: 'true',
    // Every feed is on 127.0.0.1: politeness per host would poll them one by one.
    FEED_HOST_DELAY: '0',
    FEED_POLL_INTERVAL: '1h',
    // Alerts wait out the undo window before they go; the scenario measures delivery, not waiting.
    UNDO_WINDOW: '0s',
    ...options.env,
  };
  const config = loadConfig(env);
  const { xml, shared } = documents(options);
  const feeds = await startFeeds(xml);
  const secrets = new Map<number, string>();
  const receivers = await startReceivers(secrets);
  const children: WatchedProcess[] = [];
  // Keys made in this process (the auth service, as the CLI's keys create does), after the first
  // API has migrated the schema: admins for the set-up, one per reviewer.
  let context: Awaited<ReturnType<typeof NestFactory.createApplicationContext>> | undefined;
  try {
    const apiEnv = async () => ({ ...env, PORT: String(await freePort()), LOG_LEVEL: 'log' });
    const firstEnv = await apiEnv();
    children.push(await startNode('dist/apps/api/src/main.js', firstEnv, /API listening on/));
    const apiBases = [`http://127.0.0.1:${firstEnv.PORT}`];
    const started = await Promise.all([
      ...Array.from({ length: options.apis - 1 }, async () => {
        const apiEnvironment = await apiEnv();
        apiBases.push(`http://127.0.0.1:${apiEnvironment.PORT}`);
        return startNode('dist/apps/api/src/main.js', apiEnvironment, /API listening on/);
      }),
      ...Array.from({ length: options.workers }, () =>
        startNode('dist/apps/worker/src/main.js', { ...env, LOG_LEVEL: 'log' }, /Worker started/),
      ),
    ]);
    children.push(...started);
    log(`scale: ${options.apis} API and ${options.workers} worker processes up`);

    context = await NestFactory.createApplicationContext(
      CoreModule.forRoot(config, { migrate: false, redis: false }, [AuthModule]),
      { logger: ['error'] },
    );
    const keys = context.get(ApiKeyService);
    const database = context.get(Database);
    const adminWrites = options.feeds + options.subscribers;
    // 120 writes a minute per key (shared by every API through Redis): 50 writes per admin key.
    const admins = await Promise.all(
      Array.from(
        { length: Math.ceil(adminWrites / 50) + 1 },
        async (_, i) => (await keys.create({ role: 'admin', name: `admin-${i}` })).key,
      ),
    );
    const reviewers = await Promise.all(
      Array.from(
        { length: options.reviewers },
        async (_, i) => (await keys.create({ role: 'reviewer', name: `reviewer-${i}` })).key,
      ),
    );
    const api = (i: number) => apiBases[i % apiBases.length]!;
    const admin = (i: number) => admins[i % admins.length]!;

    // Subscribers: subscriber n wants the entries naming country n mod 5.
    const subscriptionOf = new Map<string, number>();
    await pool(
      Array.from({ length: options.subscribers }, (_, n) => n),
      8,
      async (n) => {
        const answer = await call(api(n), 'POST', '/api/subscriptions', admin(n), {
          channel: 'webhook',
          target: `${receivers.base}/hook/${n}`,
          filters: { countries: [COUNTRIES[n % COUNTRIES.length]!.code] },
        });
        const made = answer.json as { id: string; secret: string };
        if (answer.status !== 201 || !made.secret)
          throw new Error(`subscribe ${n}: ${JSON.stringify(answer)}`);
        secrets.set(n, made.secret);
        subscriptionOf.set(made.id, n);
      },
    );
    log(`scale: ${options.subscribers} webhook subscribers`);

    // Feeds, registered over the API (each polled at once by a worker), then every poll awaited:
    // the ingest time runs from the first registration to the last feed's first successful poll.
    const ingestStarted = performance.now();
    await pool(
      Array.from({ length: options.feeds }, (_, f) => f),
      8,
      async (f) => {
        const answer = await call(api(f), 'POST', '/api/feeds', admin(f + options.subscribers), {
          url: `${feeds.base}/feed/${f}.xml`,
          title: `Outlet ${f}`,
          language: 'en',
        });
        if (answer.status !== 201) throw new Error(`register feed ${f}: ${JSON.stringify(answer)}`);
      },
    );
    const items = xml.reduce((sum, document) => sum + document.split('<item>').length - 1, 0);
    const polled = await until('every feed polled', 600_000, async () => {
      const { json } = await call(api(0), 'GET', '/api/feeds', admins[0]!);
      const list = (json as { feeds: { health: { lastSuccessAt: string | null; itemsProposed: number } }[] })
        .feeds;
      const done = list.filter((feed) => feed.health.lastSuccessAt !== null);
      return done.length === options.feeds ? list : undefined;
    });
    const ingestSeconds = (performance.now() - ingestStarted) / 1000;
    const proposed = polled.reduce((sum, feed) => sum + feed.health.itemsProposed, 0);
    log(`scale: ${options.feeds} feeds polled in ${ingestSeconds.toFixed(1)} s, ${proposed} proposed`);

    // Reviewers, half on each API, each picking among the same first candidates: races happen.
    const target = Math.min(options.approvals, proposed);
    let approved = 0;
    let claimed = 0;
    let conflicts = 0;
    const approvedEntries = new Set<string>();
    const reviewStarted = performance.now();
    await Promise.all(
      reviewers.map(async (key, r) => {
        for (let round = 0; claimed < target && round < target * 4; round += 1) {
          const { json } = await call(api(r), 'GET', '/api/review/candidates?status=pending&limit=20', key);
          const pending = (json as { candidates: { id: string }[] }).candidates;
          // Another reviewer may have taken the last slot while this one was reading the queue.
          if (pending.length === 0 || claimed >= target) break;
          const pick = pending[Math.floor(Math.random() * Math.min(pending.length, reviewers.length))]!;
          // A slot of the target, taken before the request so that reviewers stop at it exactly.
          claimed += 1;
          const answer = await call(api(r), 'POST', `/api/review/candidates/${pick.id}/approve`, key, {});
          if (answer.status === 200) {
            approved += 1;
            approvedEntries.add((answer.json as { entry: { id: string } }).entry.id);
            continue;
          }
          claimed -= 1;
          if (answer.status === 409) conflicts += 1;
          else throw new Error(`approve ${pick.id}: ${JSON.stringify(answer)}`);
        }
      }),
    );
    const reviewEnded = performance.now();
    const reviewSeconds = (reviewEnded - reviewStarted) / 1000;
    log(`scale: ${approved} approvals (${conflicts} conflicts) in ${reviewSeconds.toFixed(1)} s`);

    // Every delivery expected from the log: each approved entry (not the seed's, which came before
    // any subscriber), to each subscriber of one of its countries.
    const events = async (): Promise<LoggedEvent[]> =>
      database.query<LoggedEvent>('SELECT position, type, data FROM events ORDER BY position');
    const added = (await events()).filter(
      (event) => event.type === 'EntryAdded' && approvedEntries.has(String(event.data.entryId)),
    );
    if (added.length !== approved) throw new Error(`${approved} approvals, ${added.length} entries added`);
    const expected = new Set<string>();
    for (const event of added) {
      const countries = event.data.countries as string[];
      for (const n of secrets.keys()) {
        if (countries.includes(COUNTRIES[n % COUNTRIES.length]!.code)) {
          expected.add(`${n}/${String(event.data.entryId)}`);
        }
      }
    }
    const received = () => new Set(receivers.receipts.map((r) => `${r.subscriber}/${r.entryId}`));
    try {
      await until('every expected delivery', options.deliveryTimeoutMs, () => {
        const got = received();
        return [...expected].every((pair) => got.has(pair)) ? true : undefined;
      });
    } catch (error) {
      const states = await database.query('SELECT status, COUNT(*) AS n FROM deliveries GROUP BY status');
      const errors = await database.query(
        'SELECT last_error, COUNT(*) AS n FROM deliveries GROUP BY last_error ORDER BY n DESC LIMIT 5',
      );
      const outputs = children
        .map((child) => child.output().split('\n').slice(-15).join('\n'))
        .join('\n--\n');
      throw new Error(
        `${(error as Error).message}: ${received().size} of ${expected.size} received, ` +
          `${receivers.badSignatures()} bad signatures; deliveries ${JSON.stringify(states)} ` +
          `${JSON.stringify(errors)}\n${outputs}`,
        { cause: error },
      );
    }
    const deliverySeconds = (receivers.lastAt() - reviewStarted) / 1000;
    log(`scale: ${expected.size} deliveries in ${deliverySeconds.toFixed(1)} s after the first approval`);
    // Anything sent twice would come now, with the sweeper's interval to spare.
    await sleep(Math.min(config.alerts.sweepIntervalMs, 5_000) + 1_000);

    for (const child of children.splice(0)) await child.kill();

    // What must hold, read with every process stopped.
    const verify = (await cli(['verify', '--json'], env)) as { ok: boolean; eventsChecked: number };
    const [positions] = await database.query<{ count: string; min: string; max: string }>(
      'SELECT COUNT(*) AS count, MIN(position) AS min, MAX(position) AS max FROM events',
    );
    const tables = await readModelTables(database);
    const before = await tableContents(database, tables);
    await cli(['rebuild', '--json'], env);
    const after = await tableContents(database, tables);
    const rebuildDifferences = tables.filter((table) => before.get(table) !== after.get(table));

    const perWebhookId = new Map<string, number>();
    for (const receipt of receivers.receipts) {
      perWebhookId.set(receipt.webhookId, (perWebhookId.get(receipt.webhookId) ?? 0) + 1);
    }
    const got = received();
    const proposals = (await events()).filter((event) => event.type === 'CandidateProposed');
    const seen = new Map<string, number>();
    for (const proposal of proposals) {
      const item = proposal.data.item as { guid: string; link: string | null };
      for (const key of [`guid:${item.guid}`, `link:${item.link}`]) seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    return {
      processes: { apis: options.apis, workers: options.workers },
      ingest: {
        feeds: options.feeds,
        items,
        proposed,
        seconds: round(ingestSeconds),
        itemsPerSecond: round(items / ingestSeconds),
      },
      review: {
        approvals: approved,
        conflicts,
        seconds: round(reviewSeconds),
        approvalsPerSecond: round(approved / reviewSeconds),
      },
      delivery: {
        expected: expected.size,
        received: receivers.receipts.length,
        seconds: round(deliverySeconds),
        deliveriesPerSecond: round(expected.size / deliverySeconds),
        secondsAfterLastApproval: round(Math.max(0, receivers.lastAt() - reviewEnded) / 1000),
      },
      checks: {
        verify: { ok: verify.ok, eventsChecked: verify.eventsChecked },
        positions: {
          count: Number(positions!.count),
          min: Number(positions!.min),
          max: Number(positions!.max),
        },
        rebuildDifferences,
        readModelTables: tables.length,
        duplicateWebhookIds: [...perWebhookId].filter(([, count]) => count > 1).map(([id]) => id),
        badSignatures: receivers.badSignatures(),
        missingDeliveries: [...expected].filter((pair) => !got.has(pair)),
        unexpectedDeliveries: [...got].filter((pair) => !expected.has(pair)),
        proposedTwice: [...seen]
          .filter(([key, count]) => count > 1 && key !== 'link:null')
          .map(([key]) => key),
        sharedItems: shared,
      },
    };
  } finally {
    for (const child of children) await child.kill();
    await context?.close();
    await close(feeds.server);
    await close(receivers.server);
  }
}

const round = (value: number): number => Number(value.toFixed(1));

/**
 * The read models: every table of the schema but the log itself and the state that is not derived
 * from it (keys, sessions, deliveries, feed polling state, secrets, checkpoints, migrations).
 */
const NOT_READ_MODELS = new Set([
  'events',
  'migrations',
  'log_writer_lock',
  'api_keys',
  'sessions',
  'deliveries',
  'delivery_attempts',
  'email_unsubscribe_tokens',
  'feed_state',
  'feed_items_seen',
  'subscription_secrets',
  'checkpoints',
]);

async function readModelTables(database: Database): Promise<string[]> {
  const rows = await database.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  return rows.map((row) => row.name).filter((name) => !NOT_READ_MODELS.has(name));
}

/** Each table's rows, as one sorted text: equal texts, equal contents. */
async function tableContents(database: Database, tables: string[]): Promise<Map<string, string>> {
  const contents = new Map<string, string>();
  for (const table of tables) {
    const rows = await database.query(`SELECT * FROM "${table}"`);
    contents.set(
      table,
      rows
        .map((row) => JSON.stringify(row))
        .sort()
        .join('\n'),
    );
  }
  return contents;
}
