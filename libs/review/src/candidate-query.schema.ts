import { paging, queryList, text } from '@app/event-store';
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

/** The query of `GET /api/review/candidates`. */
export const candidateQuerySchema = z.object({
  status: z.enum(['pending', 'borderline', 'approved', 'rejected', 'merged', 'all']).default('pending'),
  feed: queryList(),
  country: queryList(),
  category: queryList(),
  minScore: z.coerce.number().finite().optional(),
  q: text().trim().max(200).optional(),
  /** Pending work goes by score; decided candidates by when they were decided. */
  sort: z.enum(CANDIDATE_SORTS).optional(),
  ...paging(200),
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
