import type { TitleMatch } from './dedupe-decision';
import {
  DEDUPE_WINDOW_DAYS,
  NEAR_DUPLICATE_THRESHOLD,
  prefixTokens,
  titleSimilarity,
} from './title-fingerprint';

const WINDOW_MS = DEDUPE_WINDOW_DAYS * 86_400_000;
/**
 * A lookup compares with at most this many titles of its window per prefix token, and looks at no
 * more than MAX_SCANNED_PER_TOKEN entries of a token (the latest added). Titles that name the same
 * story share a bucket with at most MAX_LISTED_CORROBORATIONS + 1 titles per candidate, so only a
 * flood of different stories sharing a word reaches a cap, and then the cost of one item stays
 * bounded instead of growing with the batch.
 */
export const MAX_COMPARED_PER_TOKEN = 256;
export const MAX_SCANNED_PER_TOKEN = 4 * MAX_COMPARED_PER_TOKEN;

/** A title dedupe compares with: a candidate's item, from the log or from this batch. */
export interface IndexedTitle {
  candidateId: string;
  rejected: boolean;
  tokens: readonly string[];
  /** Publication time, ms since the epoch. */
  at: number;
}

/**
 * Titles by their prefix tokens, in memory (the dedupe projection's `ingest_title_index`, for the
 * titles one batch can meet): a lookup probes only its own prefix tokens, so comparing an item
 * costs the few titles that share one, never every title of the batch, and misses no title at
 * least NEAR_DUPLICATE_THRESHOLD similar (see prefixTokens).
 */
export class TitleIndex {
  private readonly byToken = new Map<string, IndexedTitle[]>();

  constructor(private readonly threshold = NEAR_DUPLICATE_THRESHOLD) {}

  add(title: IndexedTitle): void {
    for (const token of prefixTokens(title.tokens, this.threshold)) {
      const bucket = this.byToken.get(token);
      if (bucket) bucket.push(title);
      else this.byToken.set(token, [title]);
    }
  }

  /** The best similarity per candidate among titles within the window of `at`. */
  matches(tokens: readonly string[], at: number): TitleMatch[] {
    const compared = new Set<IndexedTitle>();
    const best = new Map<string, TitleMatch>();
    for (const token of prefixTokens(tokens, this.threshold)) {
      const bucket = this.byToken.get(token);
      if (!bucket) continue;
      let inWindow = 0;
      const last = Math.max(0, bucket.length - MAX_SCANNED_PER_TOKEN);
      for (let i = bucket.length - 1; i >= last && inWindow < MAX_COMPARED_PER_TOKEN; i -= 1) {
        const title = bucket[i]!;
        if (Math.abs(title.at - at) > WINDOW_MS) continue;
        inWindow += 1;
        if (compared.has(title)) continue;
        compared.add(title);
        const similarity = titleSimilarity(tokens, title.tokens);
        const known = best.get(title.candidateId);
        if (!known || similarity > known.similarity) {
          best.set(title.candidateId, {
            candidateId: title.candidateId,
            rejected: title.rejected,
            similarity,
          });
        }
      }
    }
    return [...best.values()];
  }
}
