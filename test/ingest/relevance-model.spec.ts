import { Projector } from '@app/event-store';
import {
  assessRelevance,
  IngestModule,
  type ItemText,
  RelevanceModelService,
  shippedModel,
} from '@app/ingest';

import {
  aCandidateItem,
  createTestContext,
  DATABASE_KINDS,
  proposeCandidate,
  type TestContext,
} from '../support';

/**
 * The relevance model as a projection of reviewer decisions: approvals, merges and promotions teach
 * it that items like these are relevant, reason-coded rejections that they are not (for that
 * reason); `rebuild` gives exactly the incrementally kept model.
 */
const tradeItem = (n: number) =>
  aCandidateItem({
    title: `Kazakhstan and China open border crossing number ${n} for freight`,
    excerpt: 'Lorries of wheat and copper will cross the border at the new checkpoint.',
  });
const drillItem = (n: number) =>
  aCandidateItem({
    title: `China and Kyrgyzstan hold joint mountain exercise number ${n}`,
    excerpt: 'Border troops of both countries trained together near Naryn.',
  });
const probe = (item: ReturnType<typeof aCandidateItem>): ItemText => ({ ...item });

describe.each(DATABASE_KINDS)('the relevance model projection (%s)', (kind) => {
  let ctx: TestContext;
  let models: RelevanceModelService;

  beforeEach(async () => {
    ctx = await createTestContext(kind, { features: [IngestModule] });
    models = ctx.app.get(RelevanceModelService);
  });
  afterEach(async () => {
    await ctx.close();
  });

  const decide = async (candidateId: string, type: string, data: Record<string, string> = {}) =>
    ctx.events.append(`candidate-${candidateId}`, 'any', [
      { type, data: { candidateId, reviewer: 'Aigerim', ...data }, metadata: { actor: 'key:test' } },
    ]);
  const snapshot = async () => ({
    counts: await ctx.database.query(
      'SELECT label, feature, count FROM relevance_model_counts ORDER BY label, feature',
    ),
    candidates: await ctx.database.query(
      'SELECT candidate_id, features, label FROM relevance_model_candidates ORDER BY candidate_id',
    ),
    state: await ctx.database.query('SELECT decisions FROM relevance_model_state'),
  });

  it('with no decisions yet, is the shipped starting point', async () => {
    expect((await models.current()).version).toBe(shippedModel().version);
  });

  it('learns from approvals, promotions and reason-coded rejections, and rebuild reproduces it exactly', async () => {
    const before = await models.current();
    const trade = tradeItem(0);
    const drill = drillItem(0);
    const pointsBefore = {
      trade: assessRelevance(probe(trade), { model: before }).learned!.points,
      drill: assessRelevance(probe(drill), { model: before }).learned!.points,
    };

    for (let n = 1; n <= 12; n += 1) {
      const { candidateId } = await proposeCandidate(ctx.events, { item: drillItem(n) });
      await decide(candidateId, n % 3 === 0 ? 'CandidatePromoted' : 'CandidateApproved', {
        entryId: `e-${n}`,
      });
    }
    for (let n = 1; n <= 9; n += 1) {
      const { candidateId } = await proposeCandidate(ctx.events, { item: tradeItem(n) });
      await decide(candidateId, 'CandidateRejected', { reason: 'only trade', reasonCode: 'trade-only' });
    }
    // A duplicate says nothing about relevance.
    const { candidateId: dup } = await proposeCandidate(ctx.events, { item: tradeItem(99) });
    await decide(dup, 'CandidateRejected', { reason: 'already queued', reasonCode: 'duplicate' });

    const after = await models.current();
    expect(after.version).toBe(`${before.version}+21`);
    const trained = {
      trade: assessRelevance(probe(trade), { model: after }),
      drill: assessRelevance(probe(drill), { model: after }),
    };
    expect(trained.drill.learned!.points).toBeGreaterThan(pointsBefore.drill);
    expect(trained.trade.learned!.points).toBeLessThan(pointsBefore.trade);
    expect(trained.trade.modelVersion).toBe(after.version);
    expect(trained.trade.learned!.against).toBe('trade-only');
    expect(trained.drill.learned!.evidence.map((e) => e.taught)).toContainEqual(
      expect.stringMatching(
        /^raised by 12 approvals of similar items and \d+ labelled relevant corpus items$/,
      ),
    );
    expect(trained.trade.learned!.evidence.map((e) => e.taught)).toContainEqual(
      expect.stringMatching(/^lowered by 9 "trade only" rejections/),
    );

    const incremental = await snapshot();
    await ctx.app.get(Projector).rebuild(['relevance-model']);
    expect(await snapshot()).toEqual(incremental);
    expect((await models.current()).version).toBe(after.version);
  });

  it('a later decision moves the candidate from one class to the other, not into both', async () => {
    const { candidateId } = await proposeCandidate(ctx.events, { item: drillItem(1) });
    await decide(candidateId, 'CandidateRejected', { reason: 'no', reasonCode: 'no-china' });
    await decide(candidateId, 'CandidateApproved', { entryId: 'e-1' });
    const docs = await ctx.database.query<{ label: string; count: number | string }>(
      "SELECT label, count FROM relevance_model_counts WHERE feature = '#docs' ORDER BY label",
    );
    expect(docs.map((d) => [d.label, Number(d.count)])).toEqual([
      ['no-china', 0],
      ['relevant', 1],
    ]);
  });
});
