import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';

import { loadConfig } from '@app/config';
import { Database } from '@app/database';
import { EventStore } from '@app/event-store';
import {
  assessRelevance,
  type CandidateItem,
  extractFields,
  FeedPoller,
  FeedSchedulingModule,
  FeedService,
  HostPoliteness,
  IngestRedis,
  normaliseItem,
  type PollSummary,
  readFeed,
} from '@app/ingest';
import { CoreModule } from '@app/runtime';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

import { round, timed } from './bench-context';
import { deleteRedisKeys } from '../support/redis-keys';

/** As many polls at once as one worker runs (FeedPollProcessor), unless the bench is told otherwise. */
const CONCURRENCY = 4;
const RELEVANT_PER_FEED = 6;

/** The worker's polling, without the processor and reconciler that would start polling on their own. */
@Module({
  imports: [FeedSchedulingModule],
  providers: [IngestRedis, HostPoliteness, FeedPoller],
})
class IngestBenchModule {}

/**
 * Issue 4's figures: a full poll cycle over `feeds` local feeds of `items` items each, through the
 * worker's own FeedPoller (conditional GET, pipeline, dedupe and one transaction per poll, feed
 * state), first with every document new, then with every feed answering 304; beside a bare fetch +
 * parse of the same bytes in the same run. All feeds are on one local host, so politeness is off
 * (FEED_HOST_DELAY=0). Then issue 15's flood: one feed of 8,000 near-identical relevant items,
 * with the event loop's longest stall while it is polled. `resultDigest` hashes what the first
 * cycle appended (by feed index and GUID, not by ids that carry the port), so two versions of the
 * pipeline can be compared for identical results. The process's peak RSS is sampled throughout.
 */
export async function benchIngest(options: {
  feeds: number;
  items: number;
  synchronous: 'FULL' | 'NORMAL';
  database?: 'sqlite' | 'postgres';
  /**
   * Polls at once. Which of two concurrent polls settles first can decide a story (an item near
   * two others that are not near each other joins whichever came first), so only one at a time
   * gives the same digest on every run: the oracle for a change that must not change results.
   */
  concurrency?: number;
}) {
  const database = options.database ?? 'sqlite';
  const concurrency = options.concurrency ?? CONCURRENCY;
  const pool = <T>(inputs: readonly T[], work: (input: T) => Promise<void>) =>
    inParallel(concurrency, inputs, work);
  const documents = generateFeeds(options.feeds, options.items);
  const { server, base } = await serve(documents);
  const prefix = `bench-ingest-${randomBytes(4).toString('hex')}`;
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const schema = `bench_ingest_${randomBytes(4).toString('hex')}`;
  const postgresUrl = process.env.BENCH_POSTGRES_URL ?? 'postgres://root@127.0.0.1:5432/test';
  const folder = mkdtempSync(join(tmpdir(), 'bench-ingest-'));
  const env = {
    DATABASE_URL:
      database === 'postgres'
        ? `${postgresUrl}?schema=${schema}`
        : `sqlite:${join(folder, 'timeline.sqlite')}`,
    SQLITE_SYNCHRONOUS: options.synchronous,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: prefix,
    FEEDS_FILE: 'none',
    ALLOW_PRIVATE_NETWORK: 'true',
    FEED_HOST_DELAY: '0',
    // Every poll of the second cycle is due at once (the first cycle set the next poll 1 ms later).
    FEED_POLL_INTERVAL: '1ms',
    LOG_LEVEL: 'warn',
  };
  const memory = sampleRss();
  const app = await NestFactory.createApplicationContext(
    CoreModule.forRoot(loadConfig(env), { migrate: true, redis: true }, [IngestBenchModule]),
    { logger: ['error'] },
  );
  try {
    const feeds = app.get(FeedService);
    const poller = app.get(FeedPoller);
    const ids: string[] = [];
    for (let i = 0; i < documents.length; i += 1) {
      // Registered with title and language, as the default list is: the first poll learns nothing.
      const language =
        /<language>(\w+)<\/language>/.exec(documents[i]!.toString('utf8', 0, 300))?.[1] ?? null;
      const feed = { url: `${base}/feed/${i}.xml`, title: `Outlet ${i}`, language };
      ids.push((await feeds.register(feed, 'cli', { actor: 'bench' })).id);
    }
    const totalItems = options.feeds * options.items;

    // Bare: the same bytes fetched with Node's own fetch and read with readFeed, nothing else.
    const bare = async (indexes: number[]) => {
      let items = 0;
      await pool(indexes, async (i) => {
        const response = await fetch(`${base}/feed/${i}.xml`);
        const bytes = Buffer.from(await response.arrayBuffer());
        items += (await readFeed(bytes, response.headers.get('content-type'))).items.length;
      });
      return items;
    };
    await bare(Array.from({ length: Math.min(50, options.feeds) }, (_, i) => i)); // warm up
    const bareCpu = process.cpuUsage();
    const bareRun = await timed(() => bare(ids.map((_, i) => i)));
    const bareCpuMs = cpuMs(bareCpu);
    if (bareRun.result !== totalItems)
      throw new Error(`bare read ${bareRun.result} items, not ${totalItems}`);

    const cycle = async () => {
      const outcomes: Record<string, number> = {};
      let proposed = 0;
      let corroborated = 0;
      await pool(ids, async (id) => {
        const summary: PollSummary = await poller.poll(id);
        const key = summary.kind === 'polled' ? summary.outcome : summary.kind;
        outcomes[key] = (outcomes[key] ?? 0) + 1;
        if (summary.kind === 'polled') {
          proposed += summary.proposed ?? 0;
          corroborated += summary.corroborated ?? 0;
        }
      });
      return { outcomes, proposed, corroborated };
    };
    const firstCpu = process.cpuUsage();
    const first = await timed(cycle);
    const firstCpuMs = cpuMs(firstCpu);
    if (first.result.outcomes.fetched !== options.feeds) {
      throw new Error(`first cycle: ${JSON.stringify(first.result.outcomes)}`);
    }
    const second = await timed(cycle);
    const cyclesPeakRss = memory.peak();
    // Reading every candidate event back is the bench's own cost: measured apart from the polls.
    const resultDigest = await digest(app.get(EventStore), app.get(Database), ids);
    (globalThis as { gc?: () => void }).gc?.();
    memory.reset();
    if (second.result.outcomes['not-modified'] !== options.feeds) {
      throw new Error(`304 cycle: ${JSON.stringify(second.result.outcomes)}`);
    }
    const relevant = options.feeds * RELEVANT_PER_FEED;
    const flood = await benchFlood(feeds, poller, app.get(EventStore), memory);
    // The bench's own diagnostic (every document read and scored again) runs after the flood, so
    // its garbage does not count toward the peak of what the service does.
    const stages = await cpuStages(documents);
    return {
      database,
      feeds: options.feeds,
      itemsPerFeed: options.items,
      relevantItems: relevant,
      concurrency,
      ...(database === 'sqlite' ? { sqliteSynchronous: options.synchronous } : {}),
      firstCycle: {
        ms: round(first.ms),
        itemsPerSecond: Math.round(totalItems / (first.ms / 1000)),
        proposed: first.result.proposed,
        corroborated: first.result.corroborated,
        duplicateOrRejected: relevant - first.result.proposed - first.result.corroborated,
        resultDigest,
      },
      bareFetchAndParse: {
        ms: round(bareRun.ms),
        itemsPerSecond: Math.round(totalItems / (bareRun.ms / 1000)),
      },
      pipelineOverBare: round(first.ms / bareRun.ms, 2),
      // The process's CPU time (both include the local feed server), steadier than wall time on a
      // shared machine.
      cpuMs: { firstCycle: firstCpuMs, bare: bareCpuMs },
      pipelineOverBareCpu: round(firstCpuMs / bareCpuMs, 2),
      // The pure stages alone, one document after another on one core: where the time goes.
      cpuStagesMs: stages,
      notModifiedCycle: {
        ms: round(second.ms),
        feedsPerSecond: Math.round(options.feeds / (second.ms / 1000)),
      },
      flood,
      // The polls run in this one process, as in the all-in-one service (aim < 300 MB); the flood's
      // peak is in `flood`.
      peakRssMb: cyclesPeakRss,
    };
  } finally {
    memory.stop();
    await app.close();
    await new Promise((resolve) => server.close(resolve));
    await deleteRedisKeys(redisUrl, `${prefix}:*`);
    if (database === 'postgres') await dropSchema(postgresUrl, schema);
    rmSync(folder, { recursive: true, force: true });
  }
}

const FLOOD_ITEMS = 8_000;

/**
 * Issue 15's feed: 8,000 near-identical relevant items (about 1.7 MB) polled through the worker's
 * FeedPoller, with the longest the event loop was held meanwhile (what `/health` would wait).
 */
async function benchFlood(
  feeds: FeedService,
  poller: FeedPoller,
  events: EventStore,
  memory: { peak: () => number },
) {
  const items = Array.from(
    { length: FLOOD_ITEMS },
    (_, i) =>
      `<item><title>China and Tajikistan hold joint counter-terrorism drills near Afghan border ${i}</title>` +
      `<link>https://flood.example/news/${i}</link><guid>flood-${i}</guid>` +
      `<description>Report ${i}.</description></item>`,
  );
  const body = Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Flood Wire</title>` +
      `<link>https://flood.example/</link><language>en</language>${items.join('')}</channel></rss>`,
  );
  const { server, base } = await serve([body]);
  try {
    const feed = await feeds.register({ url: `${base}/feed/0.xml` }, 'cli', { actor: 'bench' });
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    const poll = await timed(() => poller.poll(feed.id));
    delay.disable();
    // The peak of the poll, before the bench reads every candidate event back to count the flood's.
    const peakRssMb = memory.peak();
    const candidateEvents = (await events.readStreamType('candidate')).filter(
      (e) =>
        (e.data.item as { feedId?: string } | undefined)?.feedId === feed.id || e.type.endsWith('Summarised'),
    );
    return {
      items: FLOOD_ITEMS,
      bytes: body.length,
      pollMs: round(poll.ms),
      eventLoopMaxDelayMs: round(delay.max / 1e6),
      eventLoopP99DelayMs: round(delay.percentile(99) / 1e6),
      candidateEvents: candidateEvents.length,
      warning: poll.result.kind === 'polled' ? (poll.result.warning ?? null) : null,
      peakRssMb,
    };
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

/**
 * What the first cycle left behind, with every id and port replaced by what it stands for, so that
 * two runs (and two versions of the pipeline) can be compared: the log's candidate streams as
 * stories (each item by feed index and GUID, with its content; the story named by its items), and
 * the dedupe projection's tables, the stream catalogue's candidate rows and the checkpoints as
 * they read at the end. Which item of a story proposes it depends on which poll settles first, so
 * what follows from that (the proposer's relevance and fields, each corroboration's similarity,
 * positions) is left out: equal digests, the same items grouped the same way, with the same
 * read models.
 */
async function digest(events: EventStore, database: Database, feedIds: string[]): Promise<string> {
  const feedIndex = new Map(feedIds.map((id, i) => [id, i]));
  const feedName = (id: unknown) => `feed#${feedIndex.get(String(id)) ?? String(id)}`;
  const itemName = (item: CandidateItem) => `${feedName(item.feedId)}|${item.guid}`;
  const streams = new Map<string, { names: string[]; lines: string[]; version: number }>();
  const eventItem = new Map<string, string>();
  const candidateEvents = await events.readStreamType('candidate');
  for (const event of candidateEvents) {
    const item = event.data.item as CandidateItem | undefined;
    const stream = streams.get(event.streamId) ?? { names: [], lines: [], version: 0 };
    stream.version = Math.max(stream.version, event.streamVersion);
    if (item) {
      const name = itemName(item);
      eventItem.set(event.eventId, name);
      stream.names.push(name);
      const { feedId: _feedId, fetchedAt: _fetchedAt, ...content } = item;
      stream.lines.push(`${name} ${JSON.stringify(content)}`);
    } else {
      const counts = (event.data.feeds as { feedId: string; count: number }[]).map(
        (feed) => `${feedName(feed.feedId)}:${feed.count}`,
      );
      stream.lines.push(`${event.type} ${JSON.stringify(event.data.count)} ${counts.sort().join(',')}`);
    }
    streams.set(event.streamId, stream);
  }
  // A story is named by its items, whichever of them proposed it.
  const story = new Map<string, string>();
  for (const [streamId, stream] of streams) story.set(streamId, `[${stream.names.sort().join(' ')}]`);
  const storyOf = (candidateId: unknown) => story.get(`candidate-${String(candidateId)}`) ?? '?';
  const lines: string[] = [];
  for (const [streamId, stream] of streams) {
    lines.push(`story ${story.get(streamId)} v${stream.version} ${stream.lines.sort().join(' ; ')}`);
  }
  const rows = (text: string) => database.query<Record<string, unknown>>(text);
  for (const row of await rows('SELECT candidate_id, rejected, listed, summarised FROM ingest_candidates')) {
    lines.push(
      `candidate ${storyOf(row.candidate_id)} ${Number(row.rejected)} ${Number(row.listed)} ${Number(row.summarised)}`,
    );
  }
  for (const row of await rows('SELECT kind, value, candidate_id FROM ingest_item_keys')) {
    const value = String(row.value);
    const bar = value.indexOf('|');
    const shown = row.kind === 'guid' ? `${feedName(value.slice(0, bar))}${value.slice(bar)}` : value;
    lines.push(`key ${String(row.kind)} ${shown} ${storyOf(row.candidate_id)}`);
  }
  for (const row of await rows('SELECT title_id, candidate_id, tokens, published_at FROM ingest_titles')) {
    lines.push(
      `title ${eventItem.get(String(row.title_id))} ${storyOf(row.candidate_id)} ${String(row.tokens)} ${String(row.published_at)}`,
    );
  }
  for (const row of await rows('SELECT token, published_at, title_id FROM ingest_title_index')) {
    lines.push(
      `index ${String(row.token)} ${String(row.published_at)} ${eventItem.get(String(row.title_id))}`,
    );
  }
  // The catalogue row of each candidate stream spans its events; every checkpoint is at the head.
  const spans = new Map<string, { first: number; last: number }>();
  for (const event of candidateEvents) {
    const span = spans.get(event.streamId);
    if (span) span.last = Math.max(span.last, event.position);
    else spans.set(event.streamId, { first: event.position, last: event.position });
  }
  for (const row of await rows(
    "SELECT stream_id, stream_type, version, first_position, last_position FROM stream_catalogue WHERE stream_type = 'candidate'",
  )) {
    const span = spans.get(String(row.stream_id));
    const spanned = span?.first === Number(row.first_position) && span.last === Number(row.last_position);
    lines.push(`catalogue ${story.get(String(row.stream_id))} v${Number(row.version)} spans:${spanned}`);
  }
  const [head] = await rows('SELECT MAX(position) AS head FROM events');
  for (const row of await rows("SELECT name, position FROM checkpoints WHERE kind = 'projection'")) {
    lines.push(`checkpoint ${String(row.name)} at-head:${Number(row.position) === Number(head?.head)}`);
  }
  const text = lines.sort().join('\n');
  // Two digests that differ: set INGEST_DIGEST_LINES to a file name in both runs and diff the files.
  if (process.env.INGEST_DIGEST_LINES) writeFileSync(process.env.INGEST_DIGEST_LINES, text);
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** The process's CPU time (user and system) since `since`, in ms. */
function cpuMs(since: NodeJS.CpuUsage): number {
  const { user, system } = process.cpuUsage(since);
  return round((user + system) / 1000);
}

/** The process's resident set, sampled every 50 ms: the peak in MB since the start or `reset`. */
function sampleRss(): { peak: () => number; reset: () => void; stop: () => void } {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50);
  timer.unref();
  return {
    peak: () => round(Math.max(peak, process.memoryUsage.rss()) / 1024 / 1024),
    reset: () => (peak = process.memoryUsage.rss()),
    stop: () => clearInterval(timer),
  };
}

async function dropSchema(url: string, schema: string): Promise<void> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/**
 * The relevance stage per item before issue 10 (lexicon only, no stemming, no traditional-Chinese
 * conversion, no learned model): 1,270.8 ms for 30,000 items, measured on this machine with
 * `npm run bench -- --only ingest` at commit 62e19e8. Issue 10 allows at most 50 % more.
 */
const RELEVANCE_US_PER_ITEM_BEFORE = 42.4;

/** readFeed, normaliseItem, assessRelevance and extractFields over every document, timed apart. */
async function cpuStages(documents: Buffer[]) {
  const totals = { readFeed: 0, normalise: 0, relevance: 0, extraction: 0 };
  let scored = 0;
  const fetchedAt = new Date();
  for (const bytes of documents) {
    let started = performance.now();
    const document = await readFeed(bytes, 'application/rss+xml; charset=utf-8');
    totals.readFeed += performance.now() - started;
    started = performance.now();
    const items = document.items.map((raw) =>
      normaliseItem(raw, { fetchedAt, feedLink: document.link, feedLanguage: document.language }),
    );
    totals.normalise += performance.now() - started;
    for (const item of items) {
      if (!item) continue;
      started = performance.now();
      const text = { ...item, language: item.language };
      const relevance = assessRelevance(text);
      totals.relevance += performance.now() - started;
      scored += 1;
      started = performance.now();
      if (relevance.relevant) extractFields(text, relevance);
      totals.extraction += performance.now() - started;
    }
  }
  return {
    ...Object.fromEntries(Object.entries(totals).map(([stage, ms]) => [stage, round(ms)])),
    relevanceUsPerItem: round((totals.relevance * 1000) / Math.max(1, scored)),
    relevanceUsPerItemBefore: RELEVANCE_US_PER_ITEM_BEFORE,
  };
}

async function inParallel<T>(
  concurrency: number,
  inputs: readonly T[],
  work: (input: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < inputs.length) await work(inputs[next++]!);
    }),
  );
}

function serve(documents: Buffer[]): Promise<{ server: Server; base: string }> {
  const server = createServer((req, res) => {
    const match = /^\/feed\/(\d+)\.xml$/.exec(req.url ?? '');
    const body = match ? documents[Number(match[1])] : undefined;
    if (!body) return void res.writeHead(404).end();
    const etag = `"f${match![1]}"`;
    if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag }).end(body);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
    ),
  );
}

// --- A thousand plausible regional feeds: English, Russian and Chinese, a fifth of it on topic. ---

const COUNTRIES = [
  { en: 'Kazakhstan', adj: 'Kazakh', ru: 'Казахстан', gen: 'Казахстана', zh: '哈萨克斯坦' },
  { en: 'Kyrgyzstan', adj: 'Kyrgyz', ru: 'Киргизия', gen: 'Киргизии', zh: '吉尔吉斯斯坦' },
  { en: 'Tajikistan', adj: 'Tajik', ru: 'Таджикистан', gen: 'Таджикистана', zh: '塔吉克斯坦' },
  { en: 'Uzbekistan', adj: 'Uzbek', ru: 'Узбекистан', gen: 'Узбекистана', zh: '乌兹别克斯坦' },
  { en: 'Turkmenistan', adj: 'Turkmen', ru: 'Туркмения', gen: 'Туркмении', zh: '土库曼斯坦' },
];
type Country = (typeof COUNTRIES)[number];
const TOPICS = [
  { en: 'joint counter-terrorism drills', ru: 'совместные антитеррористические учения', zh: '联合反恐演习' },
  { en: 'a border security agreement', ru: 'соглашение о безопасности границы', zh: '边境安全合作协议' },
  { en: 'police training', ru: 'подготовку полицейских', zh: '警务培训合作' },
  {
    en: 'joint patrols against drug smuggling',
    ru: 'совместное патрулирование против наркотрафика',
    zh: '联合打击毒品走私',
  },
  { en: 'a delivery of military equipment', ru: 'поставку военной техники', zh: '军事装备援助' },
  { en: 'cybersecurity cooperation', ru: 'сотрудничество в сфере кибербезопасности', zh: '网络安全合作' },
];
/** Where a story happens, so that two stories on one topic are told in different words. */
const PLACES = [
  ['Khorgos', 'Хоргос', '霍尔果斯'],
  ['Osh', 'Ош', '奥什'],
  ['Kulma pass', 'перевал Кульма', '阔勒买山口'],
  ['Termez', 'Термез', '铁尔梅兹'],
  ['Irkeshtam', 'Иркештам', '伊尔克什坦'],
  ['Torugart', 'Торугарт', '吐尔尕特'],
  ['Naryn', 'Нарын', '纳伦'],
  ['Murghab', 'Мургаб', '穆尔加布'],
  ['Aktau', 'Актау', '阿克套'],
  ['Samarkand', 'Самарканд', '撒马尔罕'],
  ['Mary', 'Мары', '马雷'],
  ['Shymkent', 'Шымкент', '奇姆肯特'],
  ['Jalal-Abad', 'Джалал-Абад', '贾拉拉巴德'],
  ['Khujand', 'Худжанд', '苦盏'],
  ['Urumqi', 'Урумчи', '乌鲁木齐'],
  ['Kashgar', 'Кашгар', '喀什'],
] as const;
const FRAMES = {
  en: [
    (c: Country, t: string, p: string) => `China and ${c.en} agree on ${t} in ${p}`,
    (c: Country, t: string, p: string) => `${c.en}, China agree on ${t} near ${p}`,
    (c: Country, t: string, p: string) => `${c.adj} and Chinese officials back ${t} in ${p}`,
  ],
  ru: [
    (c: Country, t: string, p: string) => `Китай и ${c.ru} договорились про ${t} в районе ${p}`,
    (c: Country, t: string, p: string) => `${c.ru} и Китай договорились про ${t}: ${p}`,
  ],
  zh: [
    (c: Country, t: string, p: string) => `中国与${c.zh}在${p}商定${t}`,
    (c: Country, t: string, p: string) => `${c.zh}与中国就${p}${t}达成一致`,
  ],
};
const OFF_TOPIC = {
  en: [
    'hosts a film festival',
    'reports a record cotton harvest',
    'opens a new metro line',
    'wins a football cup',
  ],
  ru: [
    'проводит кинофестиваль',
    'собрал рекордный урожай хлопка',
    'открыл новую линию метро',
    'выиграл кубок по футболу',
  ],
  zh: ['举办电影节', '棉花产量创新高', '开通新地铁线路', '赢得足球杯赛'],
};

export function generateFeeds(feeds: number, items: number): Buffer[] {
  const random = mulberry32(20261201);
  const language = (i: number): 'en' | 'ru' | 'zh' => (i % 10 < 6 ? 'en' : i % 10 < 9 ? 'ru' : 'zh');
  const column = { en: 0, ru: 1, zh: 2 } as const;
  // About two and a half mentions per story, by different outlets in different words.
  const stories = Math.ceil((feeds * RELEVANT_PER_FEED) / 2.5);
  const day0 = Date.parse('2026-01-01T00:00:00Z');
  return Array.from({ length: feeds }, (_, f) => {
    const lang = language(f);
    const entries: string[] = [];
    for (let i = 0; i < items; i += 1) {
      const n = Math.floor(random() * 1_000_000);
      let title: string;
      let day: number;
      if (i < RELEVANT_PER_FEED) {
        // A story is a country, a topic, a place and a day.
        const story = Math.floor(random() * stories);
        const country = COUNTRIES[story % COUNTRIES.length]!;
        const topic = TOPICS[Math.floor(story / COUNTRIES.length) % TOPICS.length]!;
        const place = PLACES[Math.floor(story / (COUNTRIES.length * TOPICS.length)) % PLACES.length]!;
        const frames = FRAMES[lang];
        title = frames[Math.floor(random() * frames.length)]!(country, topic[lang], place[column[lang]]);
        day = day0 + (story % 330) * 86_400_000 + Math.floor(random() * 86_400_000);
      } else {
        const country = COUNTRIES[Math.floor(random() * COUNTRIES.length)]!;
        const what = OFF_TOPIC[lang][Math.floor(random() * OFF_TOPIC[lang].length)]!;
        title =
          lang === 'en'
            ? `${country.en} ${what} (${n})`
            : lang === 'ru'
              ? `${country.gen} ${what} (${n})`
              : `${country.zh}${what}（${n}）`;
        day = day0 + Math.floor(random() * 330 * 86_400_000);
      }
      const text =
        lang === 'en'
          ? 'Officials confirmed the plan on Monday.'
          : lang === 'ru'
            ? 'Об этом сообщили официальные лица.'
            : '官员证实了这一计划。';
      entries.push(
        `<item><title>${title}</title><link>https://outlet${f}.example/news/${i}-${n}</link>` +
          `<guid isPermaLink="false">f${f}-i${i}</guid><pubDate>${new Date(day).toUTCString()}</pubDate>` +
          `<description>${title}. ${text}</description></item>`,
      );
    }
    return Buffer.from(
      `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Outlet ${f}</title>` +
        `<link>https://outlet${f}.example/</link><language>${lang}</language>${entries.join('')}</channel></rss>`,
    );
  });
}

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
