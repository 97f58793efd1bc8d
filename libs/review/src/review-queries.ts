import { Database } from '@app/database';
import { EventStore } from '@app/event-store';
import { candidateStreamId } from '@app/ingest';
import { searchTerms } from '@app/timeline';
import { Inject, Injectable } from '@nestjs/common';

import type { CandidateFilter, CandidateSort } from './candidate-query.schema';
import { CANDIDATE_COLUMNS, type CandidateRow, fromCandidateRow } from './candidate-rows';
import {
  applyToCandidate,
  type CandidateHistoryItem,
  type CandidateRecord,
  type CandidateView,
  toCandidateView,
  toHistoryItem,
} from './candidate-view';
import { ReviewError } from './review.error';

export interface CandidatePage {
  candidates: CandidateView[];
  total: number;
  limit: number;
  offset: number;
}

export type CandidateDetail = CandidateView & { history: CandidateHistoryItem[] };

/** A reviewer's own proposals have no score; they were judged relevant by a person, so they lead. */
const ORDER_BY: Record<CandidateSort, string> = {
  score: 'score DESC NULLS FIRST, proposed_at DESC, id DESC',
  newest: 'proposed_at DESC, id DESC',
  oldest: 'proposed_at ASC, id ASC',
  decided: 'decided_at DESC NULLS LAST, id DESC',
};

/** Reads of the review queue: the list from the read model, one candidate folded from its stream. */
@Injectable()
export class ReviewQueries {
  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(EventStore) private readonly events: EventStore,
  ) {}

  async list(filter: CandidateFilter, page: { limit: number; offset: number }): Promise<CandidatePage> {
    const { where, params } = whereClause(filter);
    const n = params.length;
    const [rows, [count]] = await Promise.all([
      this.database.query<CandidateRow>(
        `SELECT ${CANDIDATE_COLUMNS} FROM review_candidates ${where}
         ORDER BY ${ORDER_BY[filter.sort]} LIMIT $${n + 1} OFFSET $${n + 2}`,
        [...params, page.limit, page.offset],
      ),
      this.database.query<{ total: number | string }>(
        `SELECT COUNT(*) AS total FROM review_candidates ${where}`,
        params,
      ),
    ]);
    return {
      candidates: rows.map((row) => toCandidateView(fromCandidateRow(row))),
      total: Number(count?.total ?? 0),
      ...page,
    };
  }

  /** When each feed last brought a new candidate (for the admin page's feed-silence flag). */
  async newestByFeed(): Promise<Map<string, string>> {
    const rows = await this.database.query<{ feed_id: string; newest: string }>(
      `SELECT feed_id, MAX(proposed_at) AS newest FROM review_candidates WHERE feed_id IS NOT NULL GROUP BY feed_id`,
    );
    return new Map(rows.map((row) => [row.feed_id, row.newest]));
  }

  /** One candidate with every event of its stream; CANDIDATE_NOT_FOUND when there is none. */
  async get(candidateId: string): Promise<CandidateDetail> {
    const stream = await this.events.readStream(candidateStreamId(candidateId));
    const record = stream.reduce<CandidateRecord | undefined>(applyToCandidate, undefined);
    if (!record) throw ReviewError.notFound(candidateId);
    return { ...toCandidateView(record), history: stream.map(toHistoryItem) };
  }
}

function whereClause(filter: CandidateFilter): { where: string; params: unknown[] } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (filter.status !== 'all') conditions.push(`status = ${param(filter.status)}`);
  if (filter.feeds && filter.feeds.length > 0)
    conditions.push(`feed_id IN (${filter.feeds.map(param).join(', ')})`);
  for (const [kind, values] of [
    ['country', filter.countries],
    ['category', filter.categories],
  ] as const) {
    if (!values || values.length === 0) continue;
    conditions.push(
      `id IN (SELECT candidate_id FROM review_candidate_tags WHERE kind = ${param(kind)} AND value IN (${values.map(param).join(', ')}))`,
    );
  }
  if (filter.minScore !== undefined) conditions.push(`score >= ${param(filter.minScore)}`);
  for (const term of searchTerms(filter.q)) {
    const pattern = param(`%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    conditions.push(`search_text LIKE ${pattern} ESCAPE '\\'`);
  }
  return { where: conditions.length ? `WHERE ${conditions.join(' AND ')}` : '', params };
}
