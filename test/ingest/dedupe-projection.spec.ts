import type { StoredEvent } from '@app/event-store';
import { DedupeProjection, IngestModule } from '@app/ingest';

import { createTestContext, DATABASE_KINDS, type TestContext } from '../support';

/**
 * The dedupe projection takes a poll's events in a few statements (applyBatch); it must leave
 * exactly the rows that applying them one by one leaves, in the orders that make a difference: a
 * key claimed twice, a counter moved before its candidate exists, a rejection between ingest events.
 */
describe.each(DATABASE_KINDS)('dedupe projection (%s)', (kind) => {
  let ctx: TestContext;

  beforeEach(async () => {
    ctx = await createTestContext(kind, { features: [IngestModule] });
  });
  afterEach(async () => {
    await ctx.close();
  });

  const item = (guid: string, link: string, title: string) => ({
    feedId: 'feed-1',
    feedTitle: 'Outlet',
    guid,
    guidIsFallback: false,
    link,
    title,
    excerpt: null,
    publishedAt: '2026-03-02T10:00:00.000Z',
    publishedAtEstimated: false,
    language: 'en',
    fetchedAt: '2026-03-02T11:00:00.000Z',
  });
  const drills = 'China and Kazakhstan agree on joint drills in Osh';
  const steps: [string, Record<string, unknown>][] = [
    ['CandidateProposed', { candidateId: 'a', item: item('a1', 'https://x.example/1', drills) }],
    ['CandidateCorroborated', { candidateId: 'a', item: item('a2', 'https://x.example/2', drills) }],
    // Before its candidate exists: moves no counter, but claims its keys.
    ['CandidateCorroborated', { candidateId: 'b', item: item('b0', 'https://x.example/3', 'Osh') }],
    // Its link is held by candidate a already, and stays so.
    ['CandidateProposed', { candidateId: 'b', item: item('b1', 'https://x.example/1', 'Police training') }],
    ['CandidateCorroborationsSummarised', { candidateId: 'a', count: 5, feeds: [] }],
    ['CandidateRejected', { candidateId: 'a' }],
    ['CandidateCorroborated', { candidateId: 'a', item: item('a3', 'https://x.example/4', drills) }],
    ['CandidateDecisionUndone', { candidateId: 'a', undid: 'approved' }],
    ['CandidateRejected', { candidateId: 'b' }],
    ['CandidateDecisionUndone', { candidateId: 'b', undid: 'rejected' }],
    ['CandidateCorroborationsSummarised', { candidateId: 'b', count: 2, feeds: [] }],
  ];
  const events: StoredEvent[] = steps.map(([type, data], i) => ({
    position: i + 1,
    eventId: `event-${i + 1}`,
    streamId: `candidate-${String(data.candidateId)}`,
    streamVersion: i + 1,
    type,
    schemaVersion: 1,
    data,
    metadata: {},
    recordedAt: `2026-03-02T12:00:${String(i).padStart(2, '0')}.000Z`,
    prevHash: '',
    hash: '',
  }));

  const read = async (projection: DedupeProjection): Promise<Record<string, unknown>> =>
    Object.fromEntries(
      await Promise.all(
        projection.tables.map(async (table): Promise<[string, unknown]> => [
          table,
          await ctx.database.query(`SELECT * FROM ${table} ORDER BY 1, 2, 3`),
        ]),
      ),
    );

  it('applied as one batch leaves what applying the events one by one leaves', async () => {
    const projection = ctx.app.get(DedupeProjection);
    await ctx.database.transaction(async (tx) => {
      for (const event of events) await projection.apply(event, tx);
    });
    const oneByOne = await read(projection);
    await ctx.database.transaction(async (tx) => {
      for (const table of projection.tables) await tx.execute(`DELETE FROM ${table}`);
      await projection.applyBatch(events, tx);
    });
    expect(await read(projection)).toEqual(oneByOne);

    const candidates = await ctx.database.query<Record<string, unknown>>(
      'SELECT candidate_id, rejected, listed, summarised FROM ingest_candidates ORDER BY candidate_id',
    );
    expect(candidates.map((row) => Object.values(row).map(String))).toEqual([
      ['a', '1', '2', '5'],
      ['b', '0', '0', '2'],
    ]);
    const [first] = await ctx.database.query<{ candidate_id: string }>(
      `SELECT candidate_id FROM ingest_item_keys WHERE kind = 'link' AND value = 'https://x.example/1'`,
    );
    expect(first?.candidate_id).toBe('a');
    const titles = await ctx.database.query('SELECT title_id FROM ingest_titles');
    expect(titles).toHaveLength(5);
  });
});
