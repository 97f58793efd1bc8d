import { randomUUID } from 'node:crypto';

import type { EventStore, StoredEvent } from '@app/event-store';
import type { CandidateItem, ProposedFields, Relevance } from '@app/ingest';

/**
 * Candidates as ingest writes them, for tests of whatever reads or decides them: appended straight
 * to the log (`candidate-<id>` streams), so projections see them exactly as they would in production.
 * Every test loads test/support, so this file takes only types from @app/ingest (not its runtime,
 * queues and all); the stream id is ingest's `candidateStreamId`, spelled out here.
 */
const candidateStreamId = (candidateId: string): string => `candidate-${candidateId}`;

/** A news item from a feed; override what the test is about. */
export function aCandidateItem(over: Partial<CandidateItem> = {}): CandidateItem {
  const slug = randomUUID().slice(0, 8);
  return {
    feedId: 'feed-eurasianet',
    feedTitle: 'Eurasianet',
    guid: `https://eurasianet.org/${slug}`,
    guidIsFallback: false,
    link: `https://eurasianet.org/${slug}`,
    title: 'China and Tajikistan hold joint border drills',
    excerpt: 'Chinese and Tajik border troops held drills near the Wakhan corridor on Tuesday.',
    publishedAt: '2026-03-04T08:00:00.000Z',
    publishedAtEstimated: false,
    language: 'en',
    fetchedAt: '2026-03-04T09:00:00.000Z',
    ...over,
  };
}

export function aRelevance(over: Partial<Relevance> = {}): Relevance {
  return {
    score: 6.5,
    threshold: 3,
    relevant: true,
    matched: [
      { term: 'China', group: 'china', field: 'title', weight: 2, concept: 'CN' },
      { term: 'Tajikistan', group: 'central-asia', field: 'title', weight: 2, concept: 'TJ' },
      { term: 'border', group: 'security', field: 'title', weight: 2.5, concept: 'border-security' },
    ],
    explanation: 'China, a Central Asian country and a security term in the title.',
    ...over,
  };
}

export function someProposedFields(over: Partial<ProposedFields> = {}): ProposedFields {
  return {
    title: 'China and Tajikistan hold joint border drills',
    summary: 'Chinese and Tajik border troops held drills near the Wakhan corridor.',
    date: { start: '2026-03-04', precision: 'day' },
    countries: ['CN', 'TJ'],
    actors: ['Border Troops of Tajikistan'],
    categories: ['border-security', 'military-exercise'],
    ...over,
  };
}

export interface CandidateSpec {
  candidateId?: string;
  item?: Partial<CandidateItem>;
  /** null: unscored (as for a reviewer's own proposal). */
  relevance?: Partial<Relevance> | null;
  proposed?: Partial<ProposedFields>;
}

/** Appends a CandidateProposed the way ingest does; returns the candidate id and the stored event. */
export async function proposeCandidate(
  events: EventStore,
  spec: CandidateSpec = {},
): Promise<{ candidateId: string; event: StoredEvent }> {
  const candidateId = spec.candidateId ?? randomUUID();
  const { events: stored } = await events.append(candidateStreamId(candidateId), 0, [
    {
      type: 'CandidateProposed',
      data: {
        candidateId,
        item: aCandidateItem(spec.item),
        relevance: spec.relevance === null ? null : aRelevance(spec.relevance),
        proposed: someProposedFields(spec.proposed),
      },
      metadata: { actor: 'system:ingest' },
    },
  ]);
  return { candidateId, event: stored[0]! };
}

/** Appends a CandidateCorroborated: the same story from another outlet. */
export async function corroborateCandidate(
  events: EventStore,
  candidateId: string,
  item: Partial<CandidateItem> = {},
  similarity = 0.82,
): Promise<CandidateItem> {
  const corroborating = aCandidateItem({ feedId: 'feed-akipress', feedTitle: 'AKIpress', ...item });
  await events.append(candidateStreamId(candidateId), 'any', [
    {
      type: 'CandidateCorroborated',
      data: { candidateId, item: corroborating, similarity },
      metadata: { actor: 'system:ingest' },
    },
  ]);
  return corroborating;
}
