import { FeedService, FeedStateStore, IngestModule, IngestPipeline, logSink } from '@app/ingest';

import { createTestContext, DATABASE_KINDS, type TestContext } from '../support';

/**
 * Nothing relevant is dropped silently: an item scoring just below the threshold is proposed as a
 * candidate too, with the verdict `borderline` (the reviewers' tray), the model version that scored
 * it, and its evidence; an item far below is not proposed at all.
 */
const feedDocument = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Test outlet</title><link>https://outlet.example/</link>
<item><title>Talks in the capital</title><link>https://outlet.example/1</link><guid>a-1</guid>
<pubDate>Wed, 03 Dec 2026 08:00:00 GMT</pubDate><description>China and Kazakhstan discussed security and tourism.</description></item>
<item><title>China and Tajikistan hold joint counter-terrorism drills</title><link>https://outlet.example/2</link><guid>a-2</guid>
<pubDate>Wed, 03 Dec 2026 09:00:00 GMT</pubDate><description>Border troops trained near Murghab.</description></item>
<item><title>Film festival opens in Almaty</title><link>https://outlet.example/3</link><guid>a-3</guid>
<pubDate>Wed, 03 Dec 2026 10:00:00 GMT</pubDate><description>Directors from Kazakhstan showed new work.</description></item>
</channel></rss>`);

describe.each(DATABASE_KINDS)('the borderline tray, on the ingest side (%s)', (kind) => {
  let ctx: TestContext;

  beforeEach(async () => {
    ctx = await createTestContext(kind, { features: [IngestModule] });
  });
  afterEach(async () => {
    await ctx.close();
  });

  it('proposes a borderline item with its verdict and model version, and drops only what is far below', async () => {
    const feed = await ctx.app
      .get(FeedService)
      .register({ url: 'https://outlet.example/rss' }, 'cli', { actor: 'cli' });
    const sink = logSink(ctx.database, ctx.app.get(FeedStateStore), ctx.events);
    const report = await ctx.app
      .get(IngestPipeline)
      .run({ id: feed.id, url: feed.url, title: null, language: 'en' }, feedDocument, null, new Date(), sink);

    expect(report.items.map((i) => [i.item.title, i.verdict])).toEqual([
      ['Talks in the capital', 'borderline'],
      ['China and Tajikistan hold joint counter-terrorism drills', 'proposed'],
      ['Film festival opens in Almaty', 'irrelevant'],
    ]);
    const proposed = (await ctx.events.readStreamType('candidate')).filter(
      (e) => e.type === 'CandidateProposed',
    );
    const relevance = proposed.map(
      (e) => e.data.relevance as { verdict: string; modelVersion: string; score: number },
    );
    expect(relevance.map((r) => r.verdict)).toEqual(['borderline', 'relevant']);
    for (const r of relevance) expect(r.modelVersion).toMatch(/^nb-[0-9a-f]{10}$/);
    expect(relevance[0]!.score).toBeLessThan(2.5);
    expect(relevance[0]!.score).toBeGreaterThanOrEqual(1.5);
  });
});
