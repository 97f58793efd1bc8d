import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { type AppendRequest, Projector } from '@app/event-store';
import {
  candidateStreamId,
  FeedService,
  FeedStateStore,
  type FeedView,
  IngestModule,
  IngestPipeline,
  INITIAL_POLL_STATE,
  logSink,
  type PipelineFeed,
  type PipelineReport,
  type PipelineSink,
} from '@app/ingest';

import { createTestContext, DATABASE_KINDS, REPO_ROOT, type TestContext } from '../support';

const fixture = (name: string) => readFileSync(join(REPO_ROOT, 'test/fixtures/ingest', name));
const fetchedAt = new Date('2026-12-01T08:00:00.000Z');

/** A one-item RSS document, for the cases the fixtures do not cover. */
const oneItem = (item: { guid: string; title: string; link: string; text: string; date: string }) =>
  Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Test outlet</title><link>https://outlet.example/</link>
<item><title>${item.title}</title><link>${item.link}</link><guid isPermaLink="false">${item.guid}</guid>
<pubDate>${item.date}</pubDate><description>${item.text}</description></item></channel></rss>`);

const verdicts = (report: PipelineReport) => report.items.map((i) => [i.item.title, i.verdict]);

describe.each(DATABASE_KINDS)('the ingest pipeline (%s)', (kind) => {
  let ctx: TestContext;
  let pipeline: IngestPipeline;
  let feeds: FeedService;
  let sink: PipelineSink;
  let wire: FeedView;
  let steppe: FeedView;

  beforeEach(async () => {
    ctx = await createTestContext(kind, { features: [IngestModule] });
    pipeline = ctx.app.get(IngestPipeline);
    feeds = ctx.app.get(FeedService);
    sink = logSink(ctx.database, ctx.app.get(FeedStateStore), ctx.events);
    wire = await feeds.register({ url: 'https://wire.example/rss' }, 'cli', { actor: 'cli' });
    steppe = await feeds.register({ url: 'https://steppe.example/atom', title: 'Steppe Monitor' }, 'cli', {
      actor: 'cli',
    });
  });
  afterEach(async () => {
    await ctx.close();
  });

  const asFeed = (feed: FeedView): PipelineFeed => ({
    id: feed.id,
    url: feed.url,
    title: feed.title,
    language: feed.language,
  });
  const candidateEvents = async () =>
    (await ctx.events.readStreamType('candidate')).map((e) => ({
      type: e.type,
      streamId: e.streamId,
      title: (e.data.item as { title: string }).title,
      data: e.data,
      metadata: e.metadata,
    }));

  it('proposes the relevant items with relevance and extracted fields; the same document again proposes nothing', async () => {
    const first = await pipeline.run(asFeed(wire), fixture('central-asia-wire.xml'), null, fetchedAt, sink);

    expect(verdicts(first)).toEqual([
      ['China and Tajikistan hold joint counter-terrorism drills near Afghan border', 'proposed'],
      ['Kazakhstan and China sign agreement on border security cooperation', 'proposed'],
      ["Uzbekistan's cotton harvest reaches a record", 'irrelevant'],
      ["Kyrgyz police to train with China's Ministry of Public Security", 'proposed'],
      ['Film festival opens in Almaty', 'irrelevant'],
    ]);
    expect(first.appended).toBe(3);
    const events = await candidateEvents();
    expect(events.map((e) => e.type)).toEqual([
      'CandidateProposed',
      'CandidateProposed',
      'CandidateProposed',
    ]);
    const [drills] = events;
    expect(drills!.streamId).toBe(candidateStreamId(String(drills!.data.candidateId)));
    expect(drills!.metadata).toMatchObject({ actor: 'system:ingest', source: 'https://wire.example/rss' });
    expect(drills!.data).toMatchObject({
      item: {
        feedId: wire.id,
        guid: 'wire-101',
        // Tracking parameters are gone from the link a reviewer sees.
        link: 'https://wire.example/2026/11/30/china-tajikistan-drills',
        publishedAt: '2026-11-30T08:15:00.000Z',
        publishedAtEstimated: false,
        fetchedAt: fetchedAt.toISOString(),
      },
      relevance: {
        relevant: true,
        matched: expect.arrayContaining([expect.objectContaining({ term: 'China' })]) as unknown[],
      },
      proposed: {
        countries: expect.arrayContaining(['CN', 'TJ']) as string[],
        categories: expect.arrayContaining(['counter-terrorism']) as string[],
      },
    });

    const again = await pipeline.run(asFeed(wire), fixture('central-asia-wire.xml'), null, fetchedAt, sink);
    expect(again.items.filter((i) => i.relevance?.relevant).map((i) => i.verdict)).toEqual([
      'duplicate',
      'duplicate',
      'duplicate',
    ]);
    expect(again.appended).toBe(0);
    expect(await candidateEvents()).toHaveLength(3);
  });

  it('attaches the same story from another outlet to the existing candidate, and never proposes a link twice', async () => {
    const first = await pipeline.run(asFeed(wire), fixture('central-asia-wire.xml'), null, fetchedAt, sink);
    const drillsId = first.items[0]!.candidateId!;
    const agreementId = first.items[1]!.candidateId!;

    const second = await pipeline.run(asFeed(steppe), fixture('steppe-monitor.atom'), null, fetchedAt, sink);

    expect(second.items.map((i) => [i.verdict, i.candidateId])).toEqual([
      ['corroborates', drillsId],
      ['duplicate', agreementId], // the same article, linked with a #comments fragment
      ['proposed', expect.any(String) as string],
      ['irrelevant', null],
    ]);
    expect(second.items[0]!.similarity).toBeGreaterThanOrEqual(0.5);
    const corroboration = (await ctx.events.readStream(candidateStreamId(drillsId))).map((e) => e.type);
    expect(corroboration).toEqual(['CandidateProposed', 'CandidateCorroborated']);
    const [, attached] = await ctx.events.readStream(candidateStreamId(drillsId));
    expect(attached!.data).toMatchObject({
      candidateId: drillsId,
      similarity: second.items[0]!.similarity,
      item: { feedId: steppe.id, feedTitle: 'Steppe Monitor', title: second.items[0]!.item.title },
    });
    // Polled again, the corroborating item is the same item: nothing is attached twice.
    const third = await pipeline.run(asFeed(steppe), fixture('steppe-monitor.atom'), null, fetchedAt, sink);
    expect(third.items[0]).toMatchObject({ verdict: 'duplicate', candidateId: drillsId });
    expect(third.appended).toBe(0);
  });

  it('finds near-duplicates in Chinese and Russian too', async () => {
    const zh = await pipeline.run(asFeed(wire), fixture('zh-border-news.xml'), null, fetchedAt, sink);
    const ru = await pipeline.run(asFeed(wire), fixture('ru-border-1251.xml'), null, fetchedAt, sink);
    expect([zh.items[0]!.verdict, ru.items[0]!.verdict]).toEqual(['proposed', 'proposed']);
    // Russian text read from windows-1251 bytes.
    expect(ru.items[0]!.item.title).toBe('Пограничники Казахстана и Китая провели совместное патрулирование');

    const retold = await pipeline.run(
      asFeed(steppe),
      oneItem({
        guid: 'zh-2',
        title: '乌兹别克斯坦与中国举行联合反恐演习',
        link: 'https://other.example/zh/2',
        text: '中国武警与乌兹别克斯坦国民近卫军举行联合反恐演习。',
        date: 'Tue, 01 Dec 2026 01:00:00 GMT',
      }),
      null,
      fetchedAt,
      sink,
    );
    expect(retold.items[0]).toMatchObject({ verdict: 'corroborates', candidateId: zh.items[0]!.candidateId });

    const russian = await pipeline.run(
      asFeed(steppe),
      oneItem({
        guid: 'ru-2',
        title: 'Пограничники Китая и Казахстана провели совместное патрулирование у Хоргоса',
        link: 'https://other.example/ru/2',
        text: 'Пограничники КНР и Казахстана прошли совместным нарядом участок границы.',
        date: 'Mon, 30 Nov 2026 09:00:00 GMT',
      }),
      null,
      fetchedAt,
      sink,
    );
    expect(russian.items[0]).toMatchObject({
      verdict: 'corroborates',
      candidateId: ru.items[0]!.candidateId,
    });
  });

  it('does not propose again what a reviewer rejected: the same item, or the same story elsewhere', async () => {
    const first = await pipeline.run(asFeed(wire), fixture('central-asia-wire.xml'), null, fetchedAt, sink);
    const police = first.items[3]!;
    expect(police.verdict).toBe('proposed');
    // The review library's decision, as it appends it: by type name, on the candidate's stream.
    await ctx.events.append(candidateStreamId(police.candidateId!), 1, [
      {
        type: 'CandidateRejected',
        data: { candidateId: police.candidateId!, reason: 'training plan, not an event', reviewer: 'rev' },
        metadata: { actor: 'key:rev' },
      },
    ]);

    const again = await pipeline.run(asFeed(wire), fixture('central-asia-wire.xml'), null, fetchedAt, sink);
    expect(again.items[3]).toMatchObject({ verdict: 'rejected-before', candidateId: police.candidateId });
    const elsewhere = await pipeline.run(
      asFeed(steppe),
      oneItem({
        guid: 'p-1',
        title: "Kyrgyz police will train with China's Ministry of Public Security",
        link: 'https://steppe.example/news/kyrgyz-police-china',
        text: 'Kyrgyz officers will attend counter-terrorism courses in Beijing.',
        date: 'Sat, 28 Nov 2026 09:00:00 GMT',
      }),
      null,
      fetchedAt,
      sink,
    );
    expect(elsewhere.items[0]).toMatchObject({ verdict: 'rejected-before', candidateId: police.candidateId });
    expect(again.appended + elsewhere.appended).toBe(0);
  });

  it('appends nothing twice when a poll is retried, or when two processes poll the same feed at once', async () => {
    const appended: AppendRequest[][] = [];
    const recording: PipelineSink = {
      ...sink,
      settle: (work) =>
        sink.settle((session) =>
          work({
            ...session,
            append: async (requests) => {
              appended.push(requests);
              return session.append(requests);
            },
          }),
        ),
    };
    await pipeline.run(asFeed(wire), fixture('central-asia-wire.xml'), null, fetchedAt, recording);
    const head = await ctx.events.head();
    // The job ran to its append, then failed before BullMQ heard of it: the retry appends the same ids.
    expect((await ctx.events.appendToStreams(appended[0]!)).replayed).toBe(true);
    expect((await ctx.events.head()).position).toBe(head.position);

    // Two workers polling the other outlet at once: the log's write lock puts one after the other.
    const [a, b] = await Promise.all([
      pipeline.run(
        asFeed(steppe),
        fixture('steppe-monitor.atom'),
        null,
        fetchedAt,
        logSink(ctx.database, ctx.app.get(FeedStateStore), ctx.events),
      ),
      pipeline.run(
        asFeed(steppe),
        fixture('steppe-monitor.atom'),
        null,
        fetchedAt,
        logSink(ctx.database, ctx.app.get(FeedStateStore), ctx.events),
      ),
    ]);
    expect(a.appended + b.appended).toBe(2); // one corroboration, one proposal
    const types = (await candidateEvents()).map((e) => e.type).sort();
    expect(types).toEqual([
      'CandidateCorroborated',
      'CandidateProposed',
      'CandidateProposed',
      'CandidateProposed',
      'CandidateProposed',
    ]);
  });

  it('settles polls that come at once together, each in its own savepoint: one that fails rolls back alone', async () => {
    const states = ctx.app.get(FeedStateStore);
    const shared = logSink(ctx.database, states, ctx.events);
    const poll = (feedId: string, guid: string, fails: boolean) =>
      shared.settle(async (session) => {
        await states.recordIn(session.tx!, feedId, () => INITIAL_POLL_STATE, [guid], fetchedAt);
        if (fails) throw new Error(`poll of ${guid} failed after writing`);
        return guid;
      });

    const results = await Promise.allSettled([
      poll(wire.id, 'wire-a', false),
      poll(wire.id, 'wire-b', false),
      poll(steppe.id, 'steppe-c', true),
      poll(wire.id, 'wire-d', false),
    ]);

    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([
      'wire-a',
      'wire-b',
      'poll of steppe-c failed after writing',
      'wire-d',
    ]);
    const seen = await states.seen(wire.id, ['wire-a', 'wire-b', 'wire-d']);
    expect([...seen].sort()).toEqual(['wire-a', 'wire-b', 'wire-d']);
    expect([...(await states.seen(steppe.id, ['steppe-c']))]).toEqual([]);
  });

  it('rebuilds the feeds and dedupe read models exactly as they were kept', async () => {
    await pipeline.run(asFeed(wire), fixture('central-asia-wire.xml'), null, fetchedAt, sink);
    await pipeline.run(asFeed(steppe), fixture('steppe-monitor.atom'), null, fetchedAt, sink);
    await feeds.update(wire.id, { title: 'Central Asia Security Wire' }, { actor: 'system:ingest' });
    await feeds.remove(steppe.id, 'test: no longer wanted', { actor: 'key:admin' });
    const tables = ['feeds', 'ingest_candidates', 'ingest_item_keys', 'ingest_titles', 'ingest_title_index'];
    const snapshot = async () => {
      const all: Record<string, unknown[]> = {};
      for (const table of tables) {
        all[table] = (await ctx.database.query(`SELECT * FROM ${table}`))
          .map((row) => JSON.stringify(row))
          .sort();
      }
      return all;
    };
    const before = await snapshot();
    expect(before.ingest_candidates).toHaveLength(4);

    await ctx.app.get(Projector).rebuild(['feeds', 'ingest-dedupe']);

    expect(await snapshot()).toEqual(before);
  });
});
