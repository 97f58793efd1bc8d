import type { CandidateItem, ProposedFields } from '@app/ingest';

import { given } from '@app/testing';

import {
  type CandidateCommand,
  type CandidateState,
  evolve,
  type RecordedCandidateEvent,
  candidateDecider,
} from './candidate-decider';
import type { CandidateEvent } from './candidate-events';

const item = (over: Partial<CandidateItem> = {}): CandidateItem => ({
  feedId: 'feed-1',
  feedTitle: 'Eurasianet',
  guid: 'https://eurasianet.org/a',
  guidIsFallback: false,
  link: 'https://eurasianet.org/a',
  title: 'China and Tajikistan hold border drills',
  excerpt: 'Drills near the Wakhan corridor.',
  publishedAt: '2026-03-04T08:00:00.000Z',
  publishedAtEstimated: false,
  language: 'en',
  fetchedAt: '2026-03-04T09:00:00.000Z',
  ...over,
});
const proposed: ProposedFields = {
  title: 'China and Tajikistan hold border drills',
  summary: 'Joint drills near the Wakhan corridor.',
  date: { start: '2026-03-04', precision: 'day' },
  countries: ['CN', 'TJ'],
  actors: [],
  categories: ['military-exercise'],
};

/** An event as the log records it: who appended it, and when. */
const at = (event: CandidateEvent, actor = 'system:ingest', time = '2026-03-04T09:00:00.000Z') =>
  ({ ...event, metadata: { actor }, recordedAt: time }) as RecordedCandidateEvent;

const proposedEvent = at({
  type: 'CandidateProposed',
  data: {
    candidateId: 'c1',
    item: item(),
    relevance: { score: 7, threshold: 3, relevant: true, matched: [], explanation: 'test' },
    proposed,
  },
});
const approvedByAlice = at(
  {
    type: 'CandidateApproved',
    data: { candidateId: 'c1', entryId: 'e1', edits: {}, reviewer: 'alice' },
  },
  'key:alicekey0001',
  '2026-03-05T10:02:00.000Z',
);

describe('candidate decisions', () => {
  it('approves a pending candidate, recording only the fields the reviewer really changed', () => {
    const events = given(candidateDecider, proposedEvent).when({
      kind: 'approve',
      candidateId: 'c1',
      entryId: 'e1',
      edits: { title: 'Tajik and Chinese troops drill near Wakhan', countries: ['CN', 'TJ'] },
      reviewer: 'alice',
    })();
    expect(events).toEqual([
      {
        type: 'CandidateApproved',
        data: {
          candidateId: 'c1',
          entryId: 'e1',
          edits: {
            title: { before: proposed.title, after: 'Tajik and Chinese troops drill near Wakhan' },
          },
          reviewer: 'alice',
        },
      },
    ]);
  });

  it('compares edited dates by value, not by key order', () => {
    const [approved] = given(candidateDecider, proposedEvent).when({
      kind: 'approve',
      candidateId: 'c1',
      entryId: 'e1',
      edits: { date: { precision: 'day', start: '2026-03-04' } },
      reviewer: 'alice',
    })();
    expect(approved!.data).toMatchObject({ edits: {} });
  });

  it('rejects with a reason of 3 to 2000 characters, trimmed', () => {
    const reject = (reason: string): CandidateCommand => ({
      kind: 'reject',
      candidateId: 'c1',
      reason,
      reviewer: 'bob',
    });
    expect(given(candidateDecider, proposedEvent).when(reject('  not about security  '))()).toEqual([
      {
        type: 'CandidateRejected',
        data: { candidateId: 'c1', reason: 'not about security', reviewer: 'bob' },
      },
    ]);
    for (const bad of ['', '  no ', 'x'.repeat(2001)]) {
      expect(given(candidateDecider, proposedEvent).when(reject(bad))).toThrow(
        expect.objectContaining({ code: 'INVALID_DECISION', details: { field: 'reason' } }) as Error,
      );
    }
    expect(given(candidateDecider, proposedEvent).when(reject('x'.repeat(2000)))()).toHaveLength(1);
  });

  it('merges into an entry', () => {
    expect(
      given(candidateDecider, proposedEvent).when({
        kind: 'merge',
        candidateId: 'c1',
        entryId: 'e9',
        reviewer: 'carol',
      })(),
    ).toEqual([{ type: 'CandidateMerged', data: { candidateId: 'c1', entryId: 'e9', reviewer: 'carol' } }]);
  });

  it('refuses every further decision on a decided candidate, saying who decided, when and how', () => {
    const decided = expect.objectContaining({
      code: 'CANDIDATE_DECIDED',
      message: 'Already approved by alice at 2026-03-05T10:02:00.000Z',
      details: expect.objectContaining({
        status: 'approved',
        decidedBy: 'alice',
        decidedByKeyId: 'alicekey0001',
        decidedAt: '2026-03-05T10:02:00.000Z',
        entryId: 'e1',
      }) as unknown,
    }) as Error;
    const history = [proposedEvent, approvedByAlice];
    for (const command of [
      { kind: 'approve', candidateId: 'c1', entryId: 'e2', edits: {}, reviewer: 'bob' },
      { kind: 'reject', candidateId: 'c1', reason: 'changed my mind', reviewer: 'bob' },
      { kind: 'merge', candidateId: 'c1', entryId: 'e3', reviewer: 'bob' },
    ] satisfies CandidateCommand[]) {
      expect(given(candidateDecider, ...history).when(command)).toThrow(decided);
    }
  });

  it('keeps a rejected candidate rejected when a corroboration arrives later', () => {
    const rejected = at(
      { type: 'CandidateRejected', data: { candidateId: 'c1', reason: 'off topic', reviewer: 'bob' } },
      'key:bobkey000001',
      '2026-03-05T11:00:00.000Z',
    );
    const corroborated = at({
      type: 'CandidateCorroborated',
      data: {
        candidateId: 'c1',
        item: item({ feedId: 'feed-2', guid: 'b', link: 'https://akipress.com/b' }),
        similarity: 0.9,
      },
    });
    const state = [proposedEvent, rejected, corroborated].reduce<CandidateState | undefined>(
      evolve,
      undefined,
    );
    expect(state?.corroborations).toHaveLength(1);
    expect(state?.decision).toEqual({
      kind: 'rejected',
      actor: 'key:bobkey000001',
      reviewer: 'bob',
      at: '2026-03-05T11:00:00.000Z',
      reason: 'off topic',
    });
    expect(
      given(candidateDecider, proposedEvent, rejected, corroborated).when({
        kind: 'approve',
        candidateId: 'c1',
        entryId: 'e1',
        edits: {},
        reviewer: 'alice',
      }),
    ).toThrow(
      expect.objectContaining({
        code: 'CANDIDATE_DECIDED',
        message: expect.stringMatching(/^Already rejected by bob/) as string,
      }) as Error,
    );
  });

  it('proposes a reviewer’s own candidate once, with no feed and no score', () => {
    const manual = item({ feedId: null, feedTitle: 'RFE/RL', guid: 'manual:c2', guidIsFallback: true });
    const propose: CandidateCommand = { kind: 'propose', candidateId: 'c2', item: manual, proposed };
    expect(given(candidateDecider).when(propose)()).toEqual([
      { type: 'CandidateProposed', data: { candidateId: 'c2', item: manual, relevance: null, proposed } },
    ]);
    expect(given(candidateDecider, proposedEvent).when({ ...propose, candidateId: 'c1' })).toThrow(
      expect.objectContaining({ code: 'CANDIDATE_EXISTS' }) as Error,
    );
    expect(given(candidateDecider).when({ ...propose, item: item() })).toThrow(
      expect.objectContaining({ code: 'INVALID_PROPOSAL', details: { field: 'item.feedId' } }) as Error,
    );
  });

  it('refuses decisions on a candidate that does not exist, or without a reviewer', () => {
    expect(
      given(candidateDecider).when({
        kind: 'reject',
        candidateId: 'nope',
        reason: 'why not',
        reviewer: 'bob',
      }),
    ).toThrow(expect.objectContaining({ code: 'CANDIDATE_NOT_FOUND' }) as Error);
    expect(
      given(candidateDecider, proposedEvent).when({
        kind: 'merge',
        candidateId: 'c1',
        entryId: 'e1',
        reviewer: ' ',
      }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_DECISION', details: { field: 'reviewer' } }) as Error);
  });
});

describe('the tray, undo, reopen and four eyes', () => {
  const borderlineEvent = at({
    type: 'CandidateProposed',
    data: {
      candidateId: 'c1',
      item: item(),
      relevance: {
        score: 2.5,
        threshold: 3,
        relevant: false,
        verdict: 'borderline',
        matched: [],
        explanation: 't',
      },
      proposed,
    },
  });
  const rejectedByBob = at(
    { type: 'CandidateRejected', data: { candidateId: 'c1', reason: 'trade only', reviewer: 'bob' } },
    'key:bobkey000001',
    '2026-03-05T10:00:00.000Z',
  );

  it('a borderline item is in the tray until promoted; only a tray item can be promoted', () => {
    expect(given(candidateDecider, borderlineEvent).state).toMatchObject({ borderline: true });
    const promote: CandidateCommand = { kind: 'promote', candidateId: 'c1', reviewer: 'rita' };
    expect(given(candidateDecider, borderlineEvent).when(promote)()).toEqual([
      { type: 'CandidatePromoted', data: { candidateId: 'c1', reviewer: 'rita' } },
    ]);
    const promoted = at({ type: 'CandidatePromoted', data: { candidateId: 'c1', reviewer: 'rita' } });
    expect(given(candidateDecider, borderlineEvent, promoted).state).toMatchObject({ borderline: false });
    expect(given(candidateDecider, borderlineEvent, promoted).when(promote)).toThrow(
      expect.objectContaining({ code: 'NOT_BORDERLINE' }) as Error,
    );
  });

  it('undoes an approval within the window only, naming the entry; a merge is not undone', () => {
    const undo = (now: string): CandidateCommand => ({
      kind: 'undo',
      candidateId: 'c1',
      reviewer: 'bob',
      now,
      windowMs: 30_000,
    });
    expect(
      given(candidateDecider, proposedEvent, approvedByAlice).when(undo('2026-03-05T10:02:29.999Z'))(),
    ).toEqual([
      {
        type: 'CandidateDecisionUndone',
        data: { candidateId: 'c1', reviewer: 'bob', undid: 'approved', entryId: 'e1' },
      },
    ]);
    expect(
      given(candidateDecider, proposedEvent, approvedByAlice).when(undo('2026-03-05T10:02:30.000Z')),
    ).toThrow(expect.objectContaining({ code: 'UNDO_WINDOW_PASSED' }) as Error);
    expect(given(candidateDecider, proposedEvent).when(undo('2026-03-05T10:02:01.000Z'))).toThrow(
      expect.objectContaining({ code: 'NOTHING_TO_UNDO' }) as Error,
    );
    const merged = at({
      type: 'CandidateMerged',
      data: { candidateId: 'c1', entryId: 'e2', reviewer: 'bob' },
    });
    expect(given(candidateDecider, proposedEvent, merged).when(undo('2026-01-01T00:00:01.000Z'))).toThrow(
      expect.objectContaining({ code: 'NOTHING_TO_UNDO' }) as Error,
    );
    const undone = at({
      type: 'CandidateDecisionUndone',
      data: { candidateId: 'c1', reviewer: 'bob', undid: 'approved', entryId: 'e1' },
    });
    expect(given(candidateDecider, proposedEvent, approvedByAlice, undone).state).toMatchObject({
      decision: null,
    });
  });

  it('reopens a rejection with a reason; not an approval, not an undecided candidate', () => {
    const reopen: CandidateCommand = {
      kind: 'reopen',
      candidateId: 'c1',
      reviewer: 'rita',
      reason: 'SCO named',
    };
    expect(given(candidateDecider, proposedEvent, rejectedByBob).when(reopen)()).toEqual([
      { type: 'CandidateReopened', data: { candidateId: 'c1', reviewer: 'rita', reason: 'SCO named' } },
    ]);
    expect(given(candidateDecider, proposedEvent, rejectedByBob).when({ ...reopen, reason: 'x' })).toThrow(
      expect.objectContaining({ code: 'INVALID_DECISION', details: { field: 'reason' } }) as Error,
    );
    for (const history of [[proposedEvent], [proposedEvent, approvedByAlice]]) {
      expect(given(candidateDecider, ...history).when(reopen)).toThrow(
        expect.objectContaining({ code: 'NOT_REOPENABLE' }) as Error,
      );
    }
  });

  it('four eyes: the hand proposer cannot approve it when four eyes is on', () => {
    const own = at(
      {
        type: 'CandidateProposed',
        data: { candidateId: 'c1', item: item({ feedId: null }), relevance: null, proposed },
      },
      'key:ritakey00001',
    );
    const approve = (actor: string, fourEyes: boolean): CandidateCommand => ({
      kind: 'approve',
      candidateId: 'c1',
      entryId: 'e1',
      edits: {},
      reviewer: 'rita',
      actor,
      fourEyes,
    });
    expect(given(candidateDecider, own).when(approve('key:ritakey00001', true))).toThrow(
      expect.objectContaining({ code: 'OWN_PROPOSAL' }) as Error,
    );
    expect(given(candidateDecider, own).when(approve('key:ritakey00001', false))()).toHaveLength(1);
    expect(given(candidateDecider, own).when(approve('key:samkey000001', true))()).toHaveLength(1);
  });
});
