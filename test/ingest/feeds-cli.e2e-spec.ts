import { join } from 'node:path';

import BetterSqlite3 from 'better-sqlite3';

import { REPO_ROOT, runNode, startProcess, testConfig } from '../support';
import { eventually, type FeedServer, startFeedServer } from './feed-server';

const STACK_TRACE = /\n\s+at .+:\d+:\d+/;
/** Each CLI run boots the application; on a busy machine that takes a while. */
const SLOW = 240_000;
const runCli = (args: string[], env: Record<string, string>) =>
  runNode('dist/apps/cli/src/main.js', args, env, { timeoutMs: 120_000 });
const FIXTURES = join(REPO_ROOT, 'test/fixtures/ingest');

interface TriedItem {
  guid: string;
  title: string;
  link: string | null;
  publishedAt: string;
  relevant: boolean;
  score: number;
  matched: Array<{ term: string; group: string; weight: number }>;
  countries: string[];
  categories: string[];
  actors: string[];
  date: { start: string; precision: string } | null;
  verdict: string;
  candidateId: string | null;
}

const lines = (stdout: string): TriedItem[] =>
  stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as TriedItem);

/** Rows in the log and in the ingest tables of a CLI's database: what "writes nothing" is checked on. */
function counts(env: Record<string, string>): Record<string, number> {
  const db = new BetterSqlite3(env.DATABASE_URL!.slice('sqlite:'.length), { readonly: true });
  try {
    const count = (table: string) =>
      (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    return Object.fromEntries(['events', 'feeds', 'feed_state', 'feed_items_seen'].map((t) => [t, count(t)]));
  } finally {
    db.close();
  }
}

describe('feeds on the command line', () => {
  let server: FeedServer;

  beforeAll(async () => {
    server = await startFeedServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it(
    'tries a feed file: one JSON object per item with its verdict and extracted fields, writing nothing',
    async () => {
      const { env } = testConfig('sqlite');
      const result = await runCli(['feeds', 'try', join(FIXTURES, 'central-asia-wire.xml'), '--json'], env);

      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const items = lines(result.stdout);
      expect(items.map((i) => [i.guid, i.relevant, i.verdict])).toEqual([
        ['wire-101', true, 'proposed'],
        ['wire-102', true, 'proposed'],
        ['wire-103', false, 'irrelevant'],
        ['wire-104', true, 'proposed'],
        ['wire-105', false, 'irrelevant'],
      ]);
      expect(items[0]).toMatchObject({
        title: 'China and Tajikistan hold joint counter-terrorism drills near Afghan border',
        link: 'https://wire.example/2026/11/30/china-tajikistan-drills',
        publishedAt: '2026-11-30T08:15:00.000Z',
        score: expect.any(Number) as number,
        matched: expect.arrayContaining([expect.objectContaining({ term: 'Tajikistan' })]) as unknown[],
        countries: expect.arrayContaining(['CN', 'TJ']) as string[],
        categories: expect.arrayContaining(['counter-terrorism']) as string[],
        actors: expect.any(Array) as unknown[],
        date: { start: '2026-11-28', precision: 'day' },
      });
      expect(items[2]).toMatchObject({ countries: [], categories: [], actors: [], date: null });
      // The database was created (and migrated) by this first command, and nothing was written to it.
      expect(counts(env)).toEqual({ events: 0, feeds: 0, feed_state: 0, feed_items_seen: 0 });

      const text = await runCli(['feeds', 'try', join(FIXTURES, 'ru-border-1251.xml')], env);
      expect(text.code).toBe(0);
      expect(text.stdout).toMatch(
        /Вестник границы — rss2\.0, windows-1251: 2 item\(s\), 1 relevant\. Dry run: nothing written\./,
      );
      expect(text.stdout).toMatch(
        /would propose\s+Пограничники Казахстана и Китая провели совместное патрулирование/,
      );
      expect(text.stdout).toMatch(/not relevant\s+В Ташкенте открылась выставка ковров/);
    },
    SLOW,
  );

  it(
    'says in one line, with a non-zero exit, what it cannot read',
    async () => {
      const { env } = testConfig('sqlite');
      const cases: Array<[string, RegExp]> = [
        [join(FIXTURES, 'not-a-feed.html'), /not-a-feed\.html: NOT_A_FEED: /],
        [join(FIXTURES, 'no-such-feed.xml'), /no-such-feed\.xml: no such file/],
        [server.url('/gone'), /HTTP 410 Gone/],
        ['http://feeds.invalid/rss', /^http:\/\/feeds\.invalid\/rss: NETWORK: .*ENOTFOUND/],
      ];
      for (const [source, reason] of cases) {
        const result = await runCli(['feeds', 'try', source, '--json'], env);
        expect([source, result.code]).toEqual([source, 1]);
        expect(result.stdout).toBe('');
        expect(result.stderr).toMatch(reason);
        expect(result.stderr.trim().split('\n')).toHaveLength(1);
        expect(result.stderr).not.toMatch(STACK_TRACE);
      }
    },
    SLOW,
  );

  it(
    'adds, lists and removes feeds; a second add of the same URL is refused',
    async () => {
      const { env } = testConfig('sqlite');
      const added = await runCli(
        ['feeds', 'add', 'https://cabar.asia/en/feed', '--title', 'CABAR.asia', '--language', 'en', '--json'],
        env,
      );
      expect(added.code).toBe(0);
      const feed = JSON.parse(added.stdout) as { id: string; origin: string; registeredBy: string };
      expect(feed).toMatchObject({ origin: 'cli', registeredBy: 'cli' });

      const twice = await runCli(['feeds', 'add', 'https://cabar.asia/en/feed?utm_campaign=x'], env);
      expect(twice.code).toBe(1);
      expect(twice.stderr).toMatch(
        /^The feed https:\/\/cabar\.asia\/en\/feed is registered already \(id [0-9a-f-]{36}\)\n$/,
      );

      const list = await runCli(['feeds', 'list', '--json'], env);
      expect(JSON.parse(list.stdout)).toMatchObject({
        feeds: [
          {
            id: feed.id,
            title: 'CABAR.asia',
            status: 'active',
            health: { status: 'pending', consecutiveFailures: 0 },
          },
        ],
      });
      const table = await runCli(['feeds', 'list'], env);
      expect(table.stdout).toMatch(/^ID\s+HEALTH\s+TITLE \/ URL/);
      expect(table.stdout).toMatch(
        new RegExp(`${feed.id}\\s+pending\\s+CABAR\\.asia <https://cabar\\.asia/en/feed>`),
      );

      const paused = await runCli(['feeds', 'pause', feed.id, '--reason', 'site moving', '--json'], env);
      expect(paused.code).toBe(0);
      expect(JSON.parse(paused.stdout)).toMatchObject({
        status: 'paused',
        pausedReason: 'site moving',
        pausedBy: 'cli',
      });
      const pausedTwice = await runCli(['feeds', 'pause', feed.id, '--reason', 'again'], env);
      expect(pausedTwice.code).toBe(1);
      expect(pausedTwice.stderr).toMatch(/is paused already\n$/);
      expect((await runCli(['feeds', 'list'], env)).stdout).toMatch(new RegExp(`${feed.id}\\s+paused`));
      const resumed = await runCli(['feeds', 'resume', 'https://cabar.asia/en/feed'], env);
      expect(resumed.code).toBe(0);
      expect(resumed.stdout).toMatch(/^Resumed feed /);
      expect((await runCli(['feeds', 'resume', feed.id], env)).stderr).toMatch(/is not paused/);

      const removed = await runCli(
        ['feeds', 'remove', 'https://cabar.asia/en/feed', '--reason', 'testing', '--json'],
        env,
      );
      expect(JSON.parse(removed.stdout)).toMatchObject({
        id: feed.id,
        status: 'removed',
        removedReason: 'testing',
      });
      const again = await runCli(['feeds', 'remove', feed.id], env);
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(/was removed/);
    },
    SLOW,
  );

  it(
    "gives the same verdicts as the worker's pipeline for one feed, and the worker picks up a feed added here",
    async () => {
      const { env } = testConfig('sqlite', { FEED_POLL_INTERVAL: '2s', FEED_HOST_DELAY: '0' });
      const url = server.url('/wire.xml');
      const tried = lines((await runCli(['feeds', 'try', url, '--json'], env)).stdout);
      // From a URL exactly as from the same bytes in a file.
      const fromFile = lines(
        (await runCli(['feeds', 'try', join(FIXTURES, 'central-asia-wire.xml'), '--json'], env)).stdout,
      );
      expect(tried.map((i) => [i.guid, i.verdict, i.score])).toEqual(
        fromFile.map((i) => [i.guid, i.verdict, i.score]),
      );

      // Added from the CLI (no Redis there): the worker schedules it when it starts.
      expect((await runCli(['feeds', 'add', url], env)).code).toBe(0);
      const worker = await startProcess('dist/apps/worker/src/main.js', env, /Worker started/, 120_000);
      try {
        const state = await eventually(() => {
          const db = new BetterSqlite3(env.DATABASE_URL!.slice('sqlite:'.length), { readonly: true });
          try {
            const row = db
              .prepare('SELECT last_success_at, items_seen, items_proposed FROM feed_state')
              .get() as
              { last_success_at: string | null; items_seen: number; items_proposed: number } | undefined;
            expect(row?.last_success_at).toEqual(expect.any(String) as string);
            return row!;
          } finally {
            db.close();
          }
        }, 120_000);
        expect([state.items_seen, state.items_proposed]).toEqual([tried.length, 3]);
        const db = new BetterSqlite3(env.DATABASE_URL!.slice('sqlite:'.length), { readonly: true });
        const proposed = db
          .prepare(`SELECT stream_id FROM events WHERE type = 'CandidateProposed' ORDER BY position`)
          .all() as Array<{ stream_id: string }>;
        db.close();
        expect(proposed.map((row) => row.stream_id)).toEqual(
          tried.filter((i) => i.verdict === 'proposed').map((i) => `candidate-${i.candidateId}`),
        );

        // Tried again, the same items are now known: duplicates of the candidates the worker proposed.
        const after = lines((await runCli(['feeds', 'try', url, '--json'], env)).stdout);
        expect(after.filter((i) => i.relevant).map((i) => [i.verdict, i.candidateId])).toEqual(
          tried.filter((i) => i.relevant).map((i) => ['duplicate', i.candidateId]),
        );
      } finally {
        await worker.stop();
      }
    },
    SLOW,
  );
});
