import { insertRows, sql, type Transaction } from '@app/database';
import { InlineProjection, type Projection, type StoredEvent } from '@app/event-store';
import { Injectable } from '@nestjs/common';

import type { CandidateItem } from '../candidate-events';
import { isoTime, itemKeys } from './dedupe-keys';
import { NEAR_DUPLICATE_THRESHOLD, prefixTokens, titleTokens } from './title-fingerprint';

/**
 * What ingest needs to know of candidates to avoid proposing one twice: their item keys (GUID per
 * feed, canonical link), their titles as tokens (indexed by the prefix tokens that near-duplicate
 * lookups probe), whether a reviewer rejected them, and how many corroborations each lists and
 * summarises (a candidate lists at most MAX_LISTED_CORROBORATIONS). It reads the candidate events by
 * type name; the review library appends CandidateRejected, and lifts a rejection with
 * CandidateReopened or a CandidateDecisionUndone whose `undid` is 'rejected'.
 *
 * A lower NEAR_DUPLICATE_THRESHOLD needs longer prefixes: rebuild this projection after lowering it.
 */
@Injectable()
@InlineProjection()
export class DedupeProjection implements Projection {
  readonly name = 'ingest-dedupe';
  readonly tables = ['ingest_title_index', 'ingest_titles', 'ingest_item_keys', 'ingest_candidates'];
  readonly eventTypes = [
    'CandidateProposed',
    'CandidateCorroborated',
    'CandidateCorroborationsSummarised',
    'CandidateRejected',
    'CandidateReopened',
    'CandidateDecisionUndone',
  ];

  async apply(event: StoredEvent, tx: Transaction): Promise<void> {
    const candidateId = String(event.data.candidateId);
    switch (event.type) {
      case 'CandidateProposed':
        await tx.execute(
          `INSERT INTO ingest_candidates (candidate_id, rejected, proposed_at) VALUES ($1, $2, $3)
           ON CONFLICT (candidate_id) DO NOTHING`,
          [candidateId, 0, event.recordedAt],
        );
        await this.addItem(tx, event, candidateId, event.data.item as CandidateItem);
        return;
      case 'CandidateCorroborated':
        await this.addItem(tx, event, candidateId, event.data.item as CandidateItem);
        await tx.execute('UPDATE ingest_candidates SET listed = listed + 1 WHERE candidate_id = $1', [
          candidateId,
        ]);
        return;
      case 'CandidateCorroborationsSummarised':
        await tx.execute(
          'UPDATE ingest_candidates SET summarised = summarised + $1 WHERE candidate_id = $2',
          [Number(event.data.count), candidateId],
        );
        return;
      case 'CandidateRejected':
        await tx.execute('UPDATE ingest_candidates SET rejected = $1 WHERE candidate_id = $2', [
          1,
          candidateId,
        ]);
        return;
      case 'CandidateReopened':
      case 'CandidateDecisionUndone':
        if (event.type === 'CandidateDecisionUndone' && event.data.undid !== 'rejected') return;
        await tx.execute('UPDATE ingest_candidates SET rejected = $1 WHERE candidate_id = $2', [
          0,
          candidateId,
        ]);
        return;
    }
  }

  /**
   * The item's keys point at the candidate (the first candidate to claim a key keeps it). Keys and
   * index tokens go in one statement each: this runs inside every poll's append.
   */
  private async addItem(tx: Transaction, event: StoredEvent, candidateId: string, item: CandidateItem) {
    const keys = itemKeys(item);
    await insertRows(
      tx,
      'ingest_item_keys',
      'kind, value, candidate_id',
      keys.map((key) => [key.kind, key.value, candidateId]),
      sql`ON CONFLICT (kind, value) DO NOTHING`,
    );
    const tokens = titleTokens(item.title);
    if (tokens.length === 0) return;
    const titleId = event.eventId;
    const publishedAt = isoTime(item.publishedAt, event.recordedAt);
    await tx.execute(
      `INSERT INTO ingest_titles (title_id, candidate_id, tokens, published_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (title_id) DO NOTHING`,
      [titleId, candidateId, JSON.stringify(tokens), publishedAt],
    );
    const prefix = prefixTokens(tokens, NEAR_DUPLICATE_THRESHOLD);
    await insertRows(
      tx,
      'ingest_title_index',
      'token, published_at, title_id',
      prefix.map((token) => [token, publishedAt, titleId]),
      sql`ON CONFLICT (token, published_at, title_id) DO NOTHING`,
    );
  }
}
