import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import {
  FeedPoller,
  FeedSchedulingModule,
  FeedService,
  HostPoliteness,
  IngestRedis,
  redactUrl,
  redactUrls,
} from '@app/ingest';

import { Module } from '@nestjs/common';

import { createTestContext, DATABASE_KINDS, type TestContext } from '../support';

/** The worker's polling, without the processor and reconciler that would poll on their own. */
@Module({ imports: [FeedSchedulingModule], providers: [IngestRedis, HostPoliteness, FeedPoller] })
class PollingModule {}

/**
 * A JSON Feed whose items carry what PostgreSQL refuses and XML cannot hold (a lone surrogate, NUL,
 * ESC, a C1 control), plus one item the database is made to refuse. Written as JSON text, so the
 * escapes reach the reader exactly as a publisher would send them.
 */
const JSON_FEED = `{
  "version": "https://jsonfeed.org/version/1.1",
  "title": "Dirty \\u0000Wire",
  "home_page_url": "https://dirty.example/",
  "items": [
    {
      "id": "good-1",
      "url": "https://dirty.example/news/drills",
      "title": "China and Tajikistan hold joint counter-terrorism drills near Afghan border",
      "content_text": "Chinese and Tajik special forces held joint counter-terrorism drills near the Afghan border.",
      "date_published": "2026-11-30T08:00:00Z"
    },
    {
      "id": "dirty-\\u001b2",
      "url": "https://dirty.example/news/border",
      "title": "Kazakhstan and China sign agreement on border \\ud800security cooperation\\u0000",
      "content_text": "Kazakhstan and China signed an agreement\\u0085 on border security\\u000b cooperation in Astana.\\udfff",
      "date_published": "2026-11-30T09:00:00Z"
    },
    {
      "id": "poisoned-3",
      "url": "https://dirty.example/news/police",
      "title": "Kyrgyz police to train with China's Ministry of Public Security",
      "content_text": "Kyrgyz officers will attend counter-terrorism courses in Beijing (poisoned).",
      "date_published": "2026-11-30T10:00:00Z"
    }
  ]
}`;

/** Makes the database itself refuse to store any event that mentions "poisoned". */
async function refusePoisonedEvents(ctx: TestContext): Promise<void> {
  if (ctx.database.kind === 'sqlite') {
    await ctx.database.execute(
      `CREATE TRIGGER refuse_poisoned BEFORE INSERT ON events WHEN NEW.data LIKE '%poisoned%'
       BEGIN SELECT RAISE(ABORT, 'poisoned item refused'); END`,
    );
    return;
  }
  await ctx.database.execute(
    `CREATE FUNCTION refuse_poisoned() RETURNS trigger AS $body$ BEGIN
       IF NEW.data::text LIKE '%poisoned%' THEN RAISE EXCEPTION 'poisoned item refused'; END IF;
       RETURN NEW; END $body$ LANGUAGE plpgsql`,
  );
  await ctx.database.execute(
    'CREATE TRIGGER refuse_poisoned BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION refuse_poisoned()',
  );
}

describe.each(DATABASE_KINDS)('storing a poll (%s)', (kind) => {
  let ctx: TestContext;
  let server: Server;
  let base: string;

  beforeEach(async () => {
    ctx = await createTestContext(kind, { features: [PollingModule], redis: true });
    server = createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/feed+json' }).end(JSON_FEED),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await ctx?.close();
  });

  const candidateItems = async () =>
    (await ctx.events.readStreamType('candidate'))
      .filter((e) => e.type === 'CandidateProposed')
      .map((e) => e.data.item as { guid: string; title: string; excerpt: string; feedTitle: string });

  it('cleans NUL, lone surrogates and control characters from every item field, and proposes the item', async () => {
    const feed = await ctx.app
      .get(FeedService)
      .register({ url: `${base}/feed.json` }, 'cli', { actor: 'cli' });
    const summary = await ctx.app.get(FeedPoller).poll(feed.id);
    expect(summary).toMatchObject({ kind: 'polled', outcome: 'fetched', proposed: 3 });
    const items = await candidateItems();
    const dirty = items.find((i) => i.guid === 'dirty-2')!;
    expect(dirty.title).toBe('Kazakhstan and China sign agreement on border security cooperation');
    expect(dirty.excerpt).toBe(
      'Kazakhstan and China signed an agreement… on border security cooperation in Astana.',
    );
    // Items name their outlet by the document's own title, cleaned too.
    expect(items.map((i) => i.feedTitle)).toEqual(['Dirty Wire', 'Dirty Wire', 'Dirty Wire']);
    for (const item of items) {
      expect(JSON.stringify(item)).not.toMatch(
        // eslint-disable-next-line no-control-regex
        /\\u00|\\ud[89a-f]|[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/i,
      );
    }
    expect((await ctx.app.get(FeedService).get(feed.id)).health).toMatchObject({
      status: 'ok',
      lastWarning: null,
    });
  });

  it('records items the database refuses in the feed health, and still proposes the good ones', async () => {
    await refusePoisonedEvents(ctx);
    const feeds = ctx.app.get(FeedService);
    const feed = await feeds.register({ url: `${base}/feed.json`, title: 'Dirty Wire' }, 'cli', {
      actor: 'cli',
    });
    const summary = await ctx.app.get(FeedPoller).poll(feed.id);
    expect(summary).toMatchObject({ kind: 'polled', outcome: 'fetched', proposed: 2 });
    expect((await candidateItems()).map((i) => i.guid).sort()).toEqual(['dirty-2', 'good-1']);
    const { health } = await feeds.get(feed.id);
    expect(health).toMatchObject({ status: 'ok', itemsProposed: 2, lastHttpStatus: 200 });
    expect(health.lastWarning).toMatch(
      /^1 item\(s\) could not be stored, the others were: "poisoned-3": .*poisoned item refused/,
    );
    // The refused item is not taken as seen: the next poll tries it again.
    const seen = await ctx.database.query<{ item_key: string }>(
      'SELECT item_key FROM feed_items_seen WHERE feed_id = $1 ORDER BY item_key',
      [feed.id],
    );
    expect(seen.map((r) => r.item_key)).toEqual(['dirty-2', 'good-1']);
  });
});

describe('URLs in log lines', () => {
  it('hide userinfo and query values, keep the rest', () => {
    expect(redactUrl('https://user:pass@feeds.example/rss?token=abc&page=2')).toBe(
      'https://***@feeds.example/rss?token=***&page=***',
    );
    expect(redactUrl('http://feeds.example/rss')).toBe('http://feeds.example/rss');
    expect(
      redactUrls('Feed Outlet (https://feeds.example/a?key=s3cret): redirected to http://x.example/?t=1'),
    ).toBe('Feed Outlet (https://feeds.example/a?key=***): redirected to http://x.example/?t=***');
  });
});
