import { REJECTION_REASONS } from '@app/ingest';
import { CATEGORIES } from '@app/timeline';
import { z } from 'zod';

import { historyFields, pageFields } from '../http/openapi';
import { entryDateResponse, entryResponse, placeResponse } from '../timeline/timeline-responses.schema';

/**
 * What the review routes answer (CandidateView, CandidatePage and CandidateDetail of @app/review),
 * for OpenAPI. Strict where a test parses real answers with them; the relevance evidence (matched
 * terms, the learned model's features) is shown by its main fields and left open below them.
 */
const item = z.strictObject({
  feedId: z.string().nullable().describe('null for a hand proposal'),
  feedTitle: z.string().nullable(),
  guid: z.string(),
  guidIsFallback: z.boolean(),
  link: z.string().nullable(),
  title: z.string(),
  excerpt: z.string(),
  publishedAt: z.string(),
  publishedAtEstimated: z.boolean(),
  language: z.string().nullable(),
  fetchedAt: z.string(),
  outlet: z.string().describe('the feed’s title, else the feed document’s, else the host'),
});
const relevance = z.looseObject({
  score: z.number(),
  threshold: z.number(),
  relevant: z.boolean(),
  verdict: z.enum(['relevant', 'borderline', 'irrelevant']).optional(),
  modelVersion: z.string().optional(),
  matched: z.array(z.looseObject({})).describe('each matched term and what it contributed'),
  learned: z.looseObject({}).optional(),
  explanation: z.string(),
});
const reasonCode = z.enum(Object.keys(REJECTION_REASONS) as [string, ...string[]]);

export const candidateResponse = z.strictObject({
  id: z.string(),
  status: z.enum(['pending', 'borderline', 'approved', 'rejected', 'merged']),
  origin: z.enum(['feed', 'reviewer']),
  proposedAt: z.string(),
  item,
  corroborations: z.array(item),
  relevance: relevance.nullable().describe('null for a hand proposal (nothing was scored)'),
  proposed: z.strictObject({
    title: z.string(),
    summary: z.string(),
    date: entryDateResponse,
    countries: z.array(z.string()),
    actors: z.array(z.string()),
    categories: z.array(z.enum(CATEGORIES)),
    places: z.array(placeResponse).optional(),
  }),
  decision: z
    .strictObject({
      kind: z.enum(['approved', 'rejected', 'merged']),
      by: z.strictObject({ keyId: z.string(), name: z.string() }),
      at: z.string(),
      reason: z.string().optional(),
      reasonCode: reasonCode.optional(),
      entryId: z.string().optional(),
      intoCandidateId: z.string().optional(),
    })
    .nullable(),
  version: z.number().int(),
});

export const candidatePageResponse = z.strictObject({
  candidates: z.array(candidateResponse),
  ...pageFields,
});

export const candidateDetailResponse = candidateResponse.extend({
  history: z.array(
    z.strictObject({
      ...historyFields,
      name: z.string().optional(),
      reason: z.string().optional(),
      entryId: z.string().optional(),
      edits: z.record(z.string(), z.unknown()).optional(),
      item: item.optional(),
      reasonCode: z.string().optional(),
      intoCandidateId: z.string().optional(),
      undid: z.string().optional(),
    }),
  ),
});

/** What a decision answers (DecisionResult of @app/review): the candidate, and the entry it made or joined. */
export const decisionResponse = z.strictObject({
  candidate: candidateResponse,
  entry: entryResponse.optional().describe('the entry approved into or merged into; absent otherwise'),
});

/** What a candidate could be merged into (RankedTarget of @app/review), best first. */
export const mergeTargetsResponse = z.strictObject({
  targets: z.array(
    z.strictObject({
      kind: z.enum(['entry', 'candidate']),
      id: z.string(),
      title: z.string(),
      date: entryDateResponse,
      countries: z.array(z.string()),
      actors: z.array(z.string()),
      categories: z.array(z.string()),
      recordedAt: z.string(),
      wordMatch: z.boolean().describe('whether it contains every word searched for'),
      score: z.number(),
      shared: z.array(z.string()).describe('what it shares with the candidate, in words'),
      likelySameStory: z.boolean(),
    }),
  ),
});

export const reviewSettingsResponse = z.strictObject({
  undoWindowMs: z.number().int(),
  fourEyes: z.boolean(),
});
