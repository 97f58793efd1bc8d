import { text } from '@app/event-store';
import { z } from 'zod';

import type { CandidateStatus } from './candidate-events';

export const CANDIDATE_SORTS = ['score', 'newest', 'oldest', 'decided'] as const;
export type CandidateSort = (typeof CANDIDATE_SORTS)[number];

/** What a reviewer asks of the queue. Within a field values are alternatives; fields combine. */
export interface CandidateFilter {
  status: CandidateStatus | 'all';
  feeds?: string[];
  countries?: string[];
  categories?: string[];
  minScore?: number;
  /** Words, each of which must occur (case-insensitive substring, any script). */
  q?: string;
  sort: CandidateSort;
}

/** `country=KZ&country=CN` and `country=KZ,CN` mean the same. */
const list = z.preprocess(
  (value) =>
    value === undefined
      ? undefined
      : (Array.isArray(value) ? value : [value])
          .flatMap((item) => String(item).split(','))
          .map((item) => item.trim())
          .filter(Boolean),
  z.array(text().max(200)).max(50).optional(),
);

/** The query of `GET /api/review/candidates`. */
export const candidateQuerySchema = z.object({
  status: z.enum(['pending', 'borderline', 'approved', 'rejected', 'merged', 'all']).default('pending'),
  feed: list,
  country: list,
  category: list,
  minScore: z.coerce.number().finite().optional(),
  q: text().trim().max(200).optional(),
  /** Pending work goes by score; decided candidates by when they were decided. */
  sort: z.enum(CANDIDATE_SORTS).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type CandidateQuery = z.output<typeof candidateQuerySchema>;

export function toCandidateFilter(query: CandidateQuery): CandidateFilter {
  const defaultSort: CandidateSort =
    query.status === 'pending' || query.status === 'borderline'
      ? 'score'
      : query.status === 'all'
        ? 'newest'
        : 'decided';
  return {
    status: query.status,
    feeds: query.feed,
    countries: query.country?.map((c) => c.toUpperCase()),
    categories: query.category,
    minScore: query.minScore,
    q: query.q || undefined,
    sort: query.sort ?? defaultSort,
  };
}
