import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { FeedView } from '@app/ingest';

import { DATABASE_KINDS, type RunningProcess, runCli, startProcess, testConfig } from '../support';
import { eventually } from './feed-server';

const ITEMS = 8_000;
const LISTED = 20; // MAX_LISTED_CORROBORATIONS

/** 8,000 near-identical relevant items (about 1.7 MB): each title differs only by its number. */
function floodDocument(): Buffer {
  const items = Array.from(
    { length: ITEMS },
    (_, i) =>
      `<item><title>China and Tajikistan hold joint counter-terrorism drills near Afghan border ${i}</title>` +
      `<link>https://flood.example/news/${i}</link><guid>flood-${i}</guid>` +
      `<description>Report ${i}.</description></item>`,
  );
  return Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Flood Wire</title>` +
      `<link>https://flood.example/</link><language>en</language>${items.join('')}</channel></rss>`,
  );
}

interface LoggedEvent {
  streamId: string;
  type: string;
  data: Record<string, unknown>;
}

/**
 * One input must not stall the service (issue 15): the all-in-one process polls a feed of 8,000
 * near-identical relevant items while the test asks `/health` all along. Generous bounds, so a busy
 * machine does not make it flake; `npm run bench` prints the real figures.
 */
describe.each(DATABASE_KINDS)('a flood of near-identical items (%s)', (kind) => {
  let app: RunningProcess;
  let publisher: Server;
  let publisherUrl: string;
  let fetches = 0;
  let admin: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    const body = floodDocument();
    expect(body.length).toBeGreaterThan(1_600_000);
    expect(body.length).toBeLessThan(1_900_000);
    publisher = createServer((_req, res) => {
      fetches += 1;
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(body);
    });
    await new Promise<void>((resolve) => publisher.listen(0, '127.0.0.1', resolve));
    publisherUrl = `http://127.0.0.1:${(publisher.address() as AddressInfo).port}/flood.xml?token=s3cret`;
    env = testConfig(kind, { FEED_POLL_INTERVAL: '1h', FEED_HOST_DELAY: '0' }).env;
    app = await startProcess('dist/apps/all-in-one/src/main.js', env, /listening on/, 120_000);
    const created = await runCli(['keys', 'create', '--role', 'admin', '--name', 'admin', '--json'], env);
    admin = (JSON.parse(created.stdout) as { key: string }).key;
  }, 180_000);
  afterAll(async () => {
    await app?.stop();
    publisher?.closeAllConnections();
    await new Promise((resolve) => publisher?.close(resolve));
  }, 60_000);

  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${app.baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('polls it within minutes while /health keeps answering, and keeps the candidate bounded', async () => {
    const latencies: number[] = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const started = performance.now();
        const response = await fetch(`${app.baseUrl}/health`);
        await response.arrayBuffer();
        latencies.push(performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();

    const started = Date.now();
    const registered = await call('POST', '/api/feeds', { url: publisherUrl });
    expect(registered.status).toBe(201);
    const feedId = ((await registered.json()) as FeedView).id;
    const feed = await eventually(async () => {
      const view = (await (await call('GET', `/api/feeds/${feedId}`)).json()) as FeedView;
      expect(view.health.lastSuccessAt).not.toBeNull();
      // Learnt from the document right after the poll, since the feed was registered without one.
      expect(view.title).toBe('Flood Wire');
      return view;
    }, 180_000);
    const elapsed = Date.now() - started;
    sampling = false;
    await sampler;

    expect(elapsed).toBeLessThan(180_000);
    expect(latencies.length).toBeGreaterThan(5);
    expect(Math.max(...latencies)).toBeLessThan(2_000);
    // Fetched once: the job kept its lock, so BullMQ never handed it to another attempt.
    expect(fetches).toBe(1);
    expect(app.output()).not.toMatch(/lock|stalled/i);
    expect(feed.health).toMatchObject({ status: 'ok', itemsSeen: ITEMS, itemsProposed: 1 });
    expect(feed.health.itemsCorroborated).toBe(ITEMS - 1);
    expect(feed.health.lastWarning).toMatch(/^Flood: 8000 near-identical items of one poll/);

    const events = (
      (await (await call('GET', '/api/events?after=0&limit=1000')).json()) as {
        events: LoggedEvent[];
      }
    ).events.filter((e) => e.streamId.startsWith('candidate-'));
    expect(events.map((e) => e.type).sort()).toEqual(
      [
        'CandidateProposed',
        ...Array<string>(LISTED).fill('CandidateCorroborated'),
        'CandidateCorroborationsSummarised',
      ].sort(),
    );
    const summary = events.find((e) => e.type === 'CandidateCorroborationsSummarised')!;
    expect(summary.data).toMatchObject({
      count: ITEMS - 1 - LISTED,
      feeds: [{ feedId, count: ITEMS - 1 - LISTED }],
    });
    const proposed = events.find((e) => e.type === 'CandidateProposed')!;
    expect(proposed.data.item).toMatchObject({ feedTitle: 'Flood Wire' });

    // The review queue lists the first sources only, and a rebuild is as small as the log.
    const queue = (await (await call('GET', '/api/review/candidates')).json()) as {
      candidates: { id: string; corroborations: unknown[] }[];
    };
    const candidate = queue.candidates.find((c) => c.id === proposed.data.candidateId)!;
    expect(candidate.corroborations).toHaveLength(LISTED);
    const rebuildStarted = Date.now();
    const rebuilt = await runCli(['rebuild'], env);
    expect(rebuilt.code).toBe(0);
    expect(Date.now() - rebuildStarted).toBeLessThan(30_000);
    // The token in the feed's URL never reaches the log.
    expect(app.output()).not.toContain('s3cret');
  }, 300_000);
});
