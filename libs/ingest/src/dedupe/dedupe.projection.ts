import { inChunks, insertRows, join, raw, sql, type Transaction } from '@app/database';
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

  apply(event: StoredEvent, tx: Transaction): Promise<void> {
    return this.applyBatch([event], tx);
  }

  /**
   * A poll's events in a few statements: the new candidates, then every item's keys, titles and
   * index tokens, then the counters, one statement each. A rejection, reopening or undo (which a
   * reviewer appends alone) is applied where it stands, after what came before it; so is a
   * proposal of a candidate whose counters this run moved already, so every statement sees the
   * rows the events before it left, as applying them one by one would.
   */
  async applyBatch(events: readonly StoredEvent[], tx: Transaction): Promise<void> {
    let run = new IngestRun();
    for (const event of events) {
      const candidateId = String(event.data.candidateId);
      switch (event.type) {
        case 'CandidateProposed':
          if (run.counts(candidateId)) run = await this.flush(run, tx);
          run.candidates.push([candidateId, 0, event.recordedAt]);
          run.addItem(event, candidateId, event.data.item as CandidateItem);
          break;
        case 'CandidateCorroborated':
          run.addItem(event, candidateId, event.data.item as CandidateItem);
          run.add(run.listed, candidateId, 1);
          break;
        case 'CandidateCorroborationsSummarised':
          run.add(run.summarised, candidateId, Number(event.data.count));
          break;
        case 'CandidateRejected':
        case 'CandidateReopened':
        case 'CandidateDecisionUndone':
          if (event.type === 'CandidateDecisionUndone' && event.data.undid !== 'rejected') break;
          run = await this.flush(run, tx);
          await tx.execute('UPDATE ingest_candidates SET rejected = $1 WHERE candidate_id = $2', [
            event.type === 'CandidateRejected' ? 1 : 0,
            candidateId,
          ]);
          break;
      }
    }
    await this.flush(run, tx);
  }

  /**
   * Writes what the run gathered, in the order one-by-one would leave the same rows: a key
   * claimed twice keeps its first candidate (rows of one INSERT go in in order), and counters move
   * after the candidates they count exist. Returns an empty run.
   */
  private async flush(run: IngestRun, tx: Transaction): Promise<IngestRun> {
    await insertRows(
      tx,
      'ingest_candidates',
      'candidate_id, rejected, proposed_at',
      run.candidates,
      sql`ON CONFLICT (candidate_id) DO NOTHING`,
    );
    await insertRows(
      tx,
      'ingest_item_keys',
      'kind, value, candidate_id',
      run.keys,
      sql`ON CONFLICT (kind, value) DO NOTHING`,
    );
    await insertRows(
      tx,
      'ingest_titles',
      'title_id, candidate_id, tokens, published_at',
      run.titles,
      sql`ON CONFLICT (title_id) DO NOTHING`,
    );
    await insertRows(
      tx,
      'ingest_title_index',
      'token, published_at, title_id',
      run.index,
      sql`ON CONFLICT (token, published_at, title_id) DO NOTHING`,
    );
    await addCounts(tx, 'listed', run.listed);
    await addCounts(tx, 'summarised', run.summarised);
    return new IngestRun();
  }
}

/** The rows a run of ingest events adds, gathered in log order. */
class IngestRun {
  readonly candidates: unknown[][] = [];
  readonly keys: unknown[][] = [];
  readonly titles: unknown[][] = [];
  readonly index: unknown[][] = [];
  /** Per candidate, how much to add. */
  readonly listed = new Map<string, number>();
  readonly summarised = new Map<string, number>();

  /**
   * The item's keys point at the candidate (the first candidate to claim a key keeps it); its
   * title, when it has tokens, joins the titles and the index under its prefix tokens.
   */
  addItem(event: StoredEvent, candidateId: string, item: CandidateItem): void {
    for (const key of itemKeys(item)) this.keys.push([key.kind, key.value, candidateId]);
    const tokens = titleTokens(item.title);
    if (tokens.length === 0) return;
    const titleId = event.eventId;
    const publishedAt = isoTime(item.publishedAt, event.recordedAt);
    this.titles.push([titleId, candidateId, JSON.stringify(tokens), publishedAt]);
    for (const token of prefixTokens(tokens, NEAR_DUPLICATE_THRESHOLD)) {
      this.index.push([token, publishedAt, titleId]);
    }
  }

  add(counter: Map<string, number>, candidateId: string, amount: number): void {
    counter.set(candidateId, (counter.get(candidateId) ?? 0) + amount);
  }

  /** Whether the run moves a counter of this candidate already. */
  counts(candidateId: string): boolean {
    return this.listed.has(candidateId) || this.summarised.has(candidateId);
  }
}

/** `column += amount` for each candidate, in one statement per chunk. */
async function addCounts(
  tx: Transaction,
  column: 'listed' | 'summarised',
  amounts: ReadonlyMap<string, number>,
): Promise<void> {
  for (const chunk of inChunks([...amounts], 3)) {
    const cases = chunk.map(
      ([candidateId, amount]) => sql`WHEN ${candidateId} THEN CAST(${amount} AS integer)`,
    );
    await tx.execute(
      sql`UPDATE ingest_candidates SET ${raw(column)} = ${raw(column)} + CASE candidate_id ${join(cases, ' ')} END
          WHERE candidate_id IN (${join(chunk.map(([candidateId]) => candidateId))})`,
    );
  }
}
