import { Projector } from '@app/event-store';
import { candidateStreamId } from '@app/ingest';
import {
  candidateQuerySchema,
  type CandidateView,
  ReviewModule,
  ReviewQueries,
  ReviewService,
  toCandidateFilter,
} from '@app/review';
import { type EntryFields, TimelineQueries, TimelineService } from '@app/timeline';

import {
  corroborateCandidate,
  createTestContext,
  DATABASE_KINDS,
  proposeCandidate,
  type TestContext,
} from '../support';

const alice = { actor: 'key:alice0000001', name: 'alice' };
const bob = { actor: 'key:bob000000001', name: 'bob' };

describe.each(DATABASE_KINDS)('review (%s)', (kind) => {
  let ctx: TestContext;
  let review: ReviewService;
  let queue: ReviewQueries;
  let entries: TimelineQueries;

  beforeEach(async () => {
    // Its undo test decides on a manual clock: the product's own window, not the tests' 0 s.
    ctx = await createTestContext(kind, { features: [ReviewModule], env: { UNDO_WINDOW: '30s' } });
    review = ctx.app.get(ReviewService);
    queue = ctx.app.get(ReviewQueries);
    entries = ctx.app.get(TimelineQueries);
  });
  afterEach(async () => {
    await ctx.close();
  });

  /** The queue as `GET /api/review/candidates?…` reads it: the same query schema, then the read model. */
  const list = async (query: Record<string, unknown> = {}) => {
    const parsed = candidateQuerySchema.parse(query);
    return queue.list(toCandidateFilter(parsed), { limit: parsed.limit, offset: parsed.offset });
  };
  const ids = async (query: Record<string, unknown> = {}) => (await list(query)).candidates.map((c) => c.id);

  it('approves with edits into a new entry citing the candidate and its corroborations; the history names the reviewer', async () => {
    ctx.clock.set('2026-03-04T09:00:00.000Z');
    const { candidateId } = await proposeCandidate(ctx.events);
    const corroboration = await corroborateCandidate(ctx.events, candidateId, {
      title: 'Таджикистан и Китай провели учения',
      language: 'ru',
    });
    ctx.clock.set('2026-03-05T10:02:00.000Z');

    const { candidate, entry } = await review.approve(
      candidateId,
      { title: 'Tajik and Chinese border troops drill near the Wakhan corridor', countries: ['tj', 'CN'] },
      alice,
    );

    expect(entry).toMatchObject({
      title: 'Tajik and Chinese border troops drill near the Wakhan corridor',
      countries: ['TJ', 'CN'],
      categories: ['border-security', 'military-exercise'],
      status: 'active',
    });
    expect(entry.sources).toEqual([
      {
        id: `candidate-${candidateId}-1`,
        title: 'China and Tajikistan hold joint border drills',
        publisher: 'Eurasianet',
        url: expect.stringMatching(/^https:\/\/eurasianet\.org\//) as string,
        publishedAt: '2026-03-04',
        origin: {
          kind: 'feed',
          feedId: 'feed-eurasianet',
          itemGuid: expect.any(String) as string,
          candidateId,
        },
        quotes: [],
      },
      {
        id: `candidate-${candidateId}-2`,
        title: corroboration.title,
        publisher: 'AKIpress',
        url: corroboration.link,
        publishedAt: '2026-03-04',
        origin: { kind: 'feed', feedId: 'feed-akipress', itemGuid: corroboration.guid, candidateId },
        quotes: [],
      },
    ]);
    expect(candidate).toMatchObject({
      id: candidateId,
      status: 'approved',
      decision: {
        kind: 'approved',
        by: { keyId: 'alice0000001', name: 'alice' },
        at: '2026-03-05T10:02:00.000Z',
        entryId: entry.id,
      },
      version: 3,
    });

    const detail = await queue.get(candidateId);
    expect(detail.history.map((h) => [h.type, h.actor, h.name])).toEqual([
      ['CandidateProposed', 'system:ingest', undefined],
      ['CandidateCorroborated', 'system:ingest', undefined],
      ['CandidateApproved', 'key:alice0000001', 'alice'],
    ]);
    // Only what the reviewer really changed: CN was proposed already, tj went in as TJ.
    expect(detail.history[2]!.edits).toEqual({
      title: {
        before: 'China and Tajikistan hold joint border drills',
        after: 'Tajik and Chinese border troops drill near the Wakhan corridor',
      },
      countries: { before: ['CN', 'TJ'], after: ['TJ', 'CN'] },
    });
    const entryHistory = (await entries.get(entry.id)).history;
    expect(entryHistory.map((h) => [h.type, h.actor])).toEqual([['EntryAdded', 'key:alice0000001']]);
    // The decision and the entry were one append.
    const [decision] = (await ctx.events.readStream(candidateStreamId(candidateId))).slice(-1);
    const [added] = await ctx.events.readStream(`entry-${entry.id}`);
    expect(added!.position).toBe(decision!.position + 1);
    expect(added!.data.origin).toEqual({ kind: 'candidate', candidateId });

    expect(await ids()).toEqual([]);
    expect((await list({ status: 'approved' })).candidates).toEqual([withoutHistory(detail)]);
  });

  it('refuses an invalid edit with the field named, and writes nothing', async () => {
    const { candidateId } = await proposeCandidate(ctx.events);
    const head = await ctx.events.head();

    await expect(
      review.approve(candidateId, { date: { start: '2026-13', precision: 'month' } }, alice),
    ).rejects.toMatchObject({ code: 'INVALID_DECISION', details: { field: 'date.start' } });
    await expect(review.approve(candidateId, { countries: ['XX'] }, alice)).rejects.toMatchObject({
      code: 'INVALID_DECISION',
      details: { field: expect.stringMatching(/^countries/) as string },
    });
    await expect(
      review.approve(candidateId, { origin: 'x' } as Record<string, unknown>, alice),
    ).rejects.toMatchObject({ code: 'INVALID_DECISION', details: { field: 'origin' } });
    // Extraction found no country: the reviewer must add one before approving.
    const { candidateId: bare } = await proposeCandidate(ctx.events, { proposed: { countries: [] } });
    const afterBare = await ctx.events.head();
    await expect(review.approve(bare, {}, alice)).rejects.toMatchObject({
      code: 'INVALID_DECISION',
      details: { field: 'countries' },
    });

    expect((await ctx.events.head()).position).toBe(afterBare.position);
    expect(afterBare.position).toBe(head.position + 1);
    expect((await queue.get(candidateId)).status).toBe('pending');
    expect((await review.approve(bare, { countries: ['KZ'] }, alice)).entry.countries).toEqual(['KZ']);
  });

  it('rejects only with a reason, and a rejected candidate stays rejected', async () => {
    const { candidateId } = await proposeCandidate(ctx.events);
    const head = await ctx.events.head();
    for (const reason of ['', '  ', 'no', 'x'.repeat(2001)]) {
      await expect(review.reject(candidateId, reason, bob)).rejects.toMatchObject({
        code: 'INVALID_DECISION',
        details: { field: 'reason' },
      });
    }
    expect((await ctx.events.head()).position).toBe(head.position);

    ctx.clock.set('2026-03-06T11:00:00.000Z');
    const { candidate } = await review.reject(candidateId, '  Economic news, not security.  ', bob);
    expect(candidate).toMatchObject({
      status: 'rejected',
      decision: { kind: 'rejected', by: { name: 'bob' }, reason: 'Economic news, not security.' },
    });

    // Another outlet runs the same story later: it is kept as evidence, the decision stands.
    await corroborateCandidate(ctx.events, candidateId);
    for (const decide of [
      () => review.approve(candidateId, {}, alice),
      () => review.reject(candidateId, 'rejecting again', alice),
      () => review.merge(candidateId, '0195a000-0000-7000-8000-000000000001', alice),
    ]) {
      await expect(decide()).rejects.toMatchObject({
        code: 'CANDIDATE_DECIDED',
        message: 'Already rejected by bob at 2026-03-06T11:00:00.000Z',
        details: { status: 'rejected', decidedBy: 'bob', decidedAt: '2026-03-06T11:00:00.000Z' },
      });
    }
    const [row] = (await list({ status: 'rejected' })).candidates;
    expect(row).toMatchObject({ id: candidateId, status: 'rejected', version: 3 });
    expect(row!.corroborations).toHaveLength(1);
  });

  it('merges into an existing entry by attaching the candidate’s sources', async () => {
    const entryId = '0195a000-0000-7000-8000-0000000000e1';
    await ctx.app.get(TimelineService).execute(
      {
        kind: 'add',
        entryId,
        fields: fields(),
        sources: [
          { id: 's1', title: 'Ministry statement', url: 'https://mfa.tj/1', origin: { kind: 'manual' } },
        ],
        origin: { kind: 'manual' },
      },
      alice,
    );
    const { candidateId } = await proposeCandidate(ctx.events, { item: { link: 'https://rferl.org/x' } });
    const head = await ctx.events.head();

    await expect(
      review.merge(candidateId, '0195a000-0000-7000-8000-0000000000ff', bob),
    ).rejects.toMatchObject({
      code: 'ENTRY_NOT_FOUND',
    });
    expect((await ctx.events.head()).position).toBe(head.position);

    const { candidate, entry } = await review.merge(candidateId, entryId, bob);
    expect(candidate).toMatchObject({
      status: 'merged',
      decision: { kind: 'merged', entryId, by: { name: 'bob' } },
    });
    expect(entry.sources.map((s) => [s.url, s.origin.kind])).toEqual([
      ['https://mfa.tj/1', 'manual'],
      ['https://rferl.org/x', 'feed'],
    ]);
    expect((await entries.get(entryId)).history.map((h) => [h.type, h.actor])).toEqual([
      ['EntryAdded', alice.actor],
      ['SourceAttached', bob.actor],
    ]);

    // A candidate whose story the entry cites already: the merge is recorded, nothing is attached twice.
    const { candidateId: same } = await proposeCandidate(ctx.events, {
      item: { link: 'https://rferl.org/x' },
    });
    const merged = await review.merge(same, entryId, alice);
    expect(merged.candidate.status).toBe('merged');
    expect(merged.entry.sources).toHaveLength(2);
  });

  it('lets exactly one of twenty simultaneous approvals win; the others learn who decided', async () => {
    const { candidateId } = await proposeCandidate(ctx.events);
    const reviewers = Array.from({ length: 20 }, (_, i) => ({
      actor: `key:reviewer${String(i).padStart(4, '0')}`,
      name: `reviewer ${i}`,
    }));

    const outcomes = await Promise.allSettled(reviewers.map((r) => review.approve(candidateId, {}, r)));

    const won = outcomes.filter((o) => o.status === 'fulfilled');
    const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(won).toHaveLength(1);
    const winner = (await queue.get(candidateId)).decision!.by.name;
    expect(lost).toHaveLength(19);
    for (const { reason } of lost) {
      expect(reason).toMatchObject({
        code: 'CANDIDATE_DECIDED',
        details: { decidedBy: winner, status: 'approved' },
      });
    }
    const added = (await ctx.events.readStreamType('entry')).filter((e) => e.type === 'EntryAdded');
    expect(added).toHaveLength(1);
    expect(added[0]!.data.origin).toEqual({ kind: 'candidate', candidateId });
  });

  it('takes a reviewer’s own proposal into the queue, and approves it citing the named source', async () => {
    ctx.clock.set('2026-03-07T08:00:00.000Z');
    const proposed = await review.propose(
      {
        ...fields(),
        source: {
          title: 'Interview with the Tajik border service',
          url: 'https://asiaplustj.info/en/news/1',
          publisher: 'Asia-Plus',
          publishedAt: '2026-03-06',
          note: 'Page 2, second paragraph',
        },
      },
      alice,
    );
    expect(proposed).toMatchObject({
      status: 'pending',
      proposedAt: '2026-03-07T08:00:00.000Z',
      relevance: null,
      item: { feedId: null, feedTitle: 'Asia-Plus', link: 'https://asiaplustj.info/en/news/1' },
      proposed: fields(),
      decision: null,
    });
    expect((await queue.get(proposed.id)).history).toEqual([
      expect.objectContaining({ type: 'CandidateProposed', actor: alice.actor }),
    ]);
    await expect(review.propose({ ...fields(), source: { title: '' } }, alice)).rejects.toMatchObject({
      code: 'INVALID_PROPOSAL',
      details: { field: 'source.title' },
    });

    const { entry } = await review.approve(proposed.id, {}, bob);
    expect(entry.sources).toEqual([
      {
        id: `candidate-${proposed.id}-1`,
        title: 'Interview with the Tajik border service',
        publisher: 'Asia-Plus',
        url: 'https://asiaplustj.info/en/news/1',
        publishedAt: '2026-03-06',
        origin: { kind: 'manual', note: 'Page 2, second paragraph' },
        quotes: [],
      },
    ]);
  });

  it('filters, sorts and pages the queue', async () => {
    ctx.clock.set('2026-03-01T00:00:00.000Z');
    const low = (await proposeCandidate(ctx.events, { relevance: { score: 3.5 } })).candidateId;
    ctx.clock.set('2026-03-02T00:00:00.000Z');
    const high = (
      await proposeCandidate(ctx.events, {
        relevance: { score: 9 },
        item: {
          feedId: 'feed-tass',
          feedTitle: 'ТАСС',
          excerpt: 'Пограничники Казахстана и Китая провели патруль.',
        },
        proposed: {
          countries: ['KZ', 'CN'],
          categories: ['border-security'],
          title: 'Joint patrol at Khorgos',
        },
      })
    ).candidateId;
    ctx.clock.set('2026-03-03T00:00:00.000Z');
    const mid = (
      await proposeCandidate(ctx.events, {
        relevance: { score: 6 },
        proposed: {
          categories: ['policing'],
          summary: '中国与乌兹别克斯坦警务合作。',
          countries: ['UZ', 'CN'],
        },
      })
    ).candidateId;
    ctx.clock.set('2026-03-04T00:00:00.000Z');
    const manual = (await review.propose({ ...fields(), source: { title: 'By hand' } }, alice)).id;
    const decided = (await proposeCandidate(ctx.events, { relevance: { score: 10 } })).candidateId;
    await review.reject(decided, 'duplicate of another story', bob);

    expect(await ids()).toEqual([manual, high, mid, low]); // by score; unscored hand proposals lead
    expect(await ids({ sort: 'newest' })).toEqual([manual, mid, high, low]);
    expect(await ids({ sort: 'oldest' })).toEqual([low, high, mid, manual]);
    expect(await ids({ minScore: 5 })).toEqual([high, mid]);
    expect(await ids({ feed: ['feed-tass'] })).toEqual([high]);
    expect(await ids({ country: ['kz'] })).toEqual([high]);
    expect(await ids({ country: ['UZ', 'KZ'] })).toEqual([high, mid]);
    expect(await ids({ category: ['policing'] })).toEqual([mid]);
    expect(await ids({ q: 'KHORGOS patrol' })).toEqual([high]);
    expect(await ids({ q: 'пограничники' })).toEqual([high]);
    expect(await ids({ q: '警务' })).toEqual([mid]);
    expect(await ids({ q: 'тасс' })).toEqual([high]); // the feed's name is searchable
    expect(await ids({ q: '100%_' })).toEqual([]);
    expect(await ids({ status: 'rejected' })).toEqual([decided]);
    expect((await list({ status: 'all' })).total).toBe(5);
    const page = await list({ limit: '2', offset: '2' });
    expect([page.total, page.candidates.map((c) => c.id)]).toEqual([4, [mid, low]]);
    const [first] = (await list({ feed: ['feed-tass'] })).candidates;
    expect(first!.relevance?.matched.map((m) => m.term)).toEqual(['China', 'Tajikistan', 'border']);
  });

  it('rebuild gives exactly the incrementally built queue', async () => {
    for (let i = 0; i < 6; i += 1) {
      ctx.clock.advance(60_000);
      const { candidateId } = await proposeCandidate(ctx.events, {
        relevance: { score: i + 0.25 },
        item: { title: `Item ${i}: 中亚安全 / безопасность` },
      });
      if (i % 2 === 0) await corroborateCandidate(ctx.events, candidateId);
      if (i === 1) await review.approve(candidateId, { title: 'Edited title', actors: ['SCO RATS'] }, alice);
      if (i === 2) await review.reject(candidateId, 'off topic', bob);
    }
    await review.propose({ ...fields(), source: { title: 'By hand', note: 'from a call' } }, bob);
    const snapshot = async () => ({
      rows: await ctx.database.query('SELECT * FROM review_candidates ORDER BY id'),
      tags: await ctx.database.query(
        'SELECT * FROM review_candidate_tags ORDER BY kind, value, candidate_id',
      ),
      queue: await list({ status: 'all' }),
    });
    const before = await snapshot();
    expect(before.rows).toHaveLength(7);

    const [report] = await ctx.app.get(Projector).rebuild(['review-candidates']);

    expect(report!.events).toBe(7 + 3 + 2);
    expect(await snapshot()).toEqual(before);
  });

  it('rebuild gives the same queue after the tray, promotions, undo, reopen, reason codes and merges into candidates', async () => {
    const tray = await proposeCandidate(ctx.events, {
      relevance: { score: 2, threshold: 3, relevant: false, verdict: 'borderline' },
    });
    const stays = await proposeCandidate(ctx.events, {
      relevance: { score: 2.5, threshold: 3, relevant: false, verdict: 'borderline' },
    });
    await review.promote(tray.candidateId, alice);
    const undone = await proposeCandidate(ctx.events);
    await review.approve(undone.candidateId, {}, alice);
    await review.undo(undone.candidateId, bob);
    const reopened = await proposeCandidate(ctx.events);
    await review.reject(reopened.candidateId, 'Trade only', bob, 'trade-only');
    await review.reopen(reopened.candidateId, 'It names RATS', alice);
    const coded = await proposeCandidate(ctx.events);
    await review.reject(coded.candidateId, 'No China here', bob, 'no-china');
    const into = await proposeCandidate(ctx.events);
    await review.mergeIntoCandidate(tray.candidateId, into.candidateId, bob);
    const snapshot = async () => ({
      rows: await ctx.database.query('SELECT * FROM review_candidates ORDER BY id'),
      tags: await ctx.database.query(
        'SELECT * FROM review_candidate_tags ORDER BY kind, value, candidate_id',
      ),
    });
    const before = await snapshot();
    expect((await ids({ status: 'borderline' })).sort()).toEqual([stays.candidateId]);
    expect(await ids({ status: 'pending' })).toEqual(
      expect.arrayContaining([undone.candidateId, reopened.candidateId, into.candidateId]),
    );
    const listed = (await list({ status: 'rejected' })).candidates.find((c) => c.id === coded.candidateId);
    expect(listed!.decision).toMatchObject({ reasonCode: 'no-china' });
    const merged = (await list({ status: 'merged' })).candidates.find((c) => c.id === tray.candidateId);
    expect(merged!.decision).toMatchObject({ intoCandidateId: into.candidateId });

    await ctx.app.get(Projector).rebuild(['review-candidates']);

    expect(await snapshot()).toEqual(before);
  });

  it('finds merge targets in any language by shared countries and dates, best first, and never itself', async () => {
    const drills = await proposeCandidate(ctx.events, {
      proposed: {
        title: 'China and Tajikistan hold joint border drills',
        countries: ['CN', 'TJ'],
        date: { start: '2026-03-04', precision: 'day' },
        categories: ['military-exercise'],
      },
    });
    const russian = await proposeCandidate(ctx.events, {
      item: { title: 'Китай и Таджикистан провели совместные учения', language: 'ru' },
      proposed: {
        title: 'Китай и Таджикистан провели совместные учения',
        countries: ['TJ', 'CN'],
        date: { start: '2026-03-05', precision: 'day' },
        categories: ['military-exercise'],
      },
    });
    const elsewhere = await proposeCandidate(ctx.events, {
      proposed: {
        title: 'Kazakh police visit Urumqi',
        countries: ['KZ', 'CN'],
        date: { start: '2026-03-04', precision: 'day' },
        categories: ['policing'],
      },
    });
    const targets = await queue.mergeTargets(drills.candidateId, undefined);
    const idsFound = targets.map((t) => t.id);
    expect(idsFound[0]).toBe(russian.candidateId);
    expect(targets[0]).toMatchObject({
      kind: 'candidate',
      shared: expect.arrayContaining(['countries TJ, CN']) as string[],
    });
    expect(idsFound).not.toContain(drills.candidateId);
    expect(idsFound).not.toContain(elsewhere.candidateId);
    // Words find what shares no country with it.
    const byWords = await queue.mergeTargets(drills.candidateId, 'Urumqi');
    expect(byWords.map((t) => t.id)).toContain(elsewhere.candidateId);
  });
});

function fields(over: Partial<EntryFields> = {}): EntryFields {
  return {
    title: 'Tajik and Chinese border services meet in Dushanbe',
    summary: 'The border services agreed on joint patrols.',
    date: { start: '2026-03-05', precision: 'day' },
    countries: ['TJ', 'CN'],
    actors: [],
    categories: ['border-security'],
    ...over,
  };
}

function withoutHistory(detail: CandidateView & { history?: unknown }): CandidateView {
  const { history: _history, ...view } = detail;
  return view;
}
