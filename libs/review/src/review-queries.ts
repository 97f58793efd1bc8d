import { Database, join, raw, sql, type Statement, where } from '@app/database';
import { EventStore } from '@app/event-store';
import { candidateStreamId } from '@app/ingest';
import { searchTerms, TimelineQueries } from '@app/timeline';
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
import { type MergeTarget, rankMergeTargets, type RankedTarget } from './merge-targets';
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
    @Inject(TimelineQueries) private readonly entries: TimelineQueries,
  ) {}

  /**
   * What a candidate could be merged into, best first: timeline entries and other undecided
   * candidates in any language, found by the countries and dates they share with it and by the
   * words searched for (`q`), ranked by rankMergeTargets.
   */
  async mergeTargets(candidateId: string, q: string | undefined): Promise<RankedTarget[]> {
    const candidate = await this.get(candidateId);
    const { proposed } = candidate;
    const near = shiftDays(proposed.date.start, -60);
    const until = shiftDays(proposed.date.start, 61);
    const regional = proposed.countries.filter((c) => c !== 'CN');
    const [byWords, byEvidence, queued, queuedByWords] = await Promise.all([
      q ? this.entries.list({ q }, { limit: 30, offset: 0 }) : undefined,
      this.entries.list(
        { countries: regional.length > 0 ? regional : proposed.countries, from: near, toExclusive: until },
        { limit: 60, offset: 0 },
      ),
      this.list(
        { status: 'all', countries: regional.length > 0 ? regional : proposed.countries, sort: 'newest' },
        { limit: 60, offset: 0 },
      ),
      q ? this.list({ status: 'all', q, sort: 'newest' }, { limit: 30, offset: 0 }) : undefined,
    ]);
    const wordEntries = new Set(byWords?.entries.map((e) => e.id));
    const wordCandidates = new Set(queuedByWords?.candidates.map((c) => c.id));
    const targets = new Map<string, MergeTarget>();
    for (const entry of [...(byWords?.entries ?? []), ...byEvidence.entries]) {
      targets.set(`entry:${entry.id}`, {
        kind: 'entry',
        id: entry.id,
        title: entry.title,
        date: entry.date,
        countries: entry.countries,
        actors: entry.actors,
        categories: entry.categories,
        recordedAt: entry.recordedAt,
        wordMatch: wordEntries.has(entry.id),
      });
    }
    for (const other of [...(queuedByWords?.candidates ?? []), ...queued.candidates]) {
      if (other.id === candidateId || (other.status !== 'pending' && other.status !== 'borderline')) continue;
      targets.set(`candidate:${other.id}`, {
        kind: 'candidate',
        id: other.id,
        title: other.origin === 'reviewer' ? other.proposed.title : other.item.title,
        date: other.proposed.date,
        countries: other.proposed.countries,
        actors: other.proposed.actors,
        categories: other.proposed.categories,
        recordedAt: other.proposedAt,
        wordMatch: wordCandidates.has(other.id),
      });
    }
    return rankMergeTargets(proposed, [...targets.values()]).slice(0, 15);
  }

  async list(filter: CandidateFilter, page: { limit: number; offset: number }): Promise<CandidatePage> {
    const matching = where(conditions(filter));
    const [rows, [count]] = await Promise.all([
      this.database.query<CandidateRow>(
        sql`SELECT ${raw(CANDIDATE_COLUMNS)} FROM review_candidates ${matching}
         ORDER BY ${raw(ORDER_BY[filter.sort])} LIMIT ${page.limit} OFFSET ${page.offset}`,
      ),
      this.database.query<{ total: number | string }>(
        sql`SELECT COUNT(*) AS total FROM review_candidates ${matching}`,
      ),
    ]);
    return {
      candidates: rows.map((row) => toCandidateView(fromCandidateRow(row))),
      total: Number(count?.total ?? 0),
      ...page,
    };
  }

  /** One candidate with every event of its stream; CANDIDATE_NOT_FOUND when there is none. */
  async get(candidateId: string): Promise<CandidateDetail> {
    const stream = await this.events.readStream(candidateStreamId(candidateId));
    const record = stream.reduce<CandidateRecord | undefined>(applyToCandidate, undefined);
    if (!record) throw ReviewError.notFound(candidateId);
    return { ...toCandidateView(record), history: stream.map(toHistoryItem) };
  }
}

function conditions(filter: CandidateFilter): Statement[] {
  const conditions: Statement[] = [];
  if (filter.status !== 'all') conditions.push(sql`status = ${filter.status}`);
  if (filter.feeds && filter.feeds.length > 0) conditions.push(sql`feed_id IN (${join(filter.feeds)})`);
  for (const [kind, values] of [
    ['country', filter.countries],
    ['category', filter.categories],
  ] as const) {
    if (!values || values.length === 0) continue;
    conditions.push(
      sql`id IN (SELECT candidate_id FROM review_candidate_tags WHERE kind = ${kind} AND value IN (${join(values)}))`,
    );
  }
  if (filter.minScore !== undefined) conditions.push(sql`score >= ${filter.minScore}`);
  for (const term of searchTerms(filter.q)) {
    const pattern = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(sql`search_text LIKE ${pattern} ESCAPE '\\'`);
  }
  return conditions;
}

/** The day `days` after a date's first day, as YYYY-MM-DD. */
function shiftDays(start: string, days: number): string {
  const first =
    start.length === 4 ? `${start}-01-01` : start.length === 7 ? `${start}-01` : start.slice(0, 10);
  const time = Date.parse(`${first}T00:00:00Z`);
  return new Date((Number.isFinite(time) ? time : Date.now()) + days * 86_400_000).toISOString().slice(0, 10);
}
