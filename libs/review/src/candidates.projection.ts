import { insertRows, type Transaction } from '@app/database';
import { InlineProjection, type Projection, type StoredEvent } from '@app/event-store';
import { Injectable } from '@nestjs/common';

import { CANDIDATE_EVENT_TYPES } from './candidate-events';
import { CANDIDATE_COLUMNS, type CandidateRow, fromCandidateRow, toCandidateRow } from './candidate-rows';
import { applyToCandidate, type CandidateRecord, candidateSearchText } from './candidate-view';

/**
 * The review queue's read model: one row per candidate (status, score, evidence, decision, search
 * text) and its country and category tags. Kept inline, so a decision shows in the queue at once.
 */
@Injectable()
@InlineProjection()
export class CandidatesProjection implements Projection {
  readonly name = 'review-candidates';
  readonly eventTypes = CANDIDATE_EVENT_TYPES;
  readonly tables = ['review_candidate_tags', 'review_candidates'];

  async apply(event: StoredEvent, tx: Transaction): Promise<void> {
    const candidateId = String(event.data.candidateId);
    const [row] = await tx.query<CandidateRow>(
      `SELECT ${CANDIDATE_COLUMNS} FROM review_candidates WHERE id = $1`,
      [candidateId],
    );
    const before = row ? fromCandidateRow(row) : undefined;
    const after = applyToCandidate(before, event);
    if (!after || after === before) return;
    if (row) {
      await tx.execute('DELETE FROM review_candidate_tags WHERE candidate_id = $1', [candidateId]);
      await tx.execute('DELETE FROM review_candidates WHERE id = $1', [candidateId]);
    }
    await this.insert(tx, after);
  }

  private async insert(tx: Transaction, record: CandidateRecord): Promise<void> {
    await insertRows(tx, 'review_candidates', `${CANDIDATE_COLUMNS}, search_text`, [
      [...toCandidateRow(record), candidateSearchText(record)],
    ]);
    const tags = new Set([
      ...record.proposed.countries.map((value) => `country\n${value}`),
      ...record.proposed.categories.map((value) => `category\n${value}`),
    ]);
    await insertRows(
      tx,
      'review_candidate_tags',
      'kind, value, candidate_id',
      [...tags].map((tag) => [...tag.split('\n'), record.candidateId]),
    );
  }
}
