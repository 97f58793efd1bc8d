import type { Sql } from '@app/database';

import type { CandidateItem } from '../candidate-events';
import { EventLoopSlices } from '../polling/event-loop-slices';
import { decideDedupe, type DedupeVerdict, type KeyMatch } from './dedupe-decision';
import { isoTime, type ItemKey, itemKeys } from './dedupe-keys';
import type { DedupeLookup } from './dedupe-lookup.service';
import { NEAR_DUPLICATE_THRESHOLD, titleTokens } from './title-fingerprint';
import { TitleIndex } from './title-index';

/**
 * A candidate lists at most this many corroborations (a CandidateCorroborated event each, a source
 * each when approved); further near-identical items are counted in one summary per poll instead,
 * so a flood of copies costs the log, the review queue and `rebuild` a bounded amount.
 */
export const MAX_LISTED_CORROBORATIONS = 20;

export interface Prepared {
  keys: ItemKey[];
  tokens: string[];
  at: number;
}

/**
 * Dedupe for one feed's relevant items: what the log holds (read for all of them at once) plus
 * what this batch has decided so far, so two items of one feed that tell the same story do not
 * both become candidates. Titles are compared through a TitleIndex, so each item costs about the
 * same however large the batch.
 */
export class DedupeBatch {
  private readonly keys = new Map<string, string>();

  private constructor(
    private readonly prepared: Map<CandidateItem, Prepared>,
    private readonly keyMatches: Map<CandidateItem, KeyMatch | undefined>,
    private readonly titles: TitleIndex,
    private readonly listed: Map<string, number>,
    private readonly threshold: number,
  ) {}

  /** Tokens and keys of each item, worked out before the poll's transaction opens. */
  static async prepare(
    items: readonly CandidateItem[],
    slices = new EventLoopSlices(),
  ): Promise<Map<CandidateItem, Prepared>> {
    const prepared = new Map<CandidateItem, Prepared>();
    for (const item of items) {
      await slices.pass();
      prepared.set(item, {
        keys: itemKeys(item),
        tokens: titleTokens(item.title),
        at: Date.parse(isoTime(item.publishedAt, item.fetchedAt)),
      });
    }
    return prepared;
  }

  static async open(
    lookup: DedupeLookup,
    sql: Sql,
    prepared: Map<CandidateItem, Prepared>,
    threshold = NEAR_DUPLICATE_THRESHOLD,
  ): Promise<DedupeBatch> {
    const items = [...prepared.keys()];
    const snapshot = await lookup.read(
      sql,
      items.map((item) => prepared.get(item)!),
    );
    const titles = new TitleIndex(threshold);
    for (const title of snapshot.titles) titles.add(title);
    return new DedupeBatch(
      prepared,
      new Map(items.map((item, i) => [item, snapshot.keyMatches[i]])),
      titles,
      snapshot.listed,
      threshold,
    );
  }

  /** The verdict for one of the items the batch was opened with, given the ones judged before it. */
  judge(item: CandidateItem): DedupeVerdict {
    const prepared = this.prepared.get(item);
    if (!prepared) throw new Error('DedupeBatch.judge: an item the batch was not opened with');
    let keyMatch = this.keyMatches.get(item);
    if (!keyMatch) {
      for (const key of prepared.keys) {
        const candidateId = this.keys.get(`${key.kind}|${key.value}`);
        if (candidateId) {
          keyMatch = { candidateId, rejected: false, via: key.kind };
          break;
        }
      }
    }
    if (keyMatch) return decideDedupe(keyMatch, [], this.threshold);
    return decideDedupe(undefined, this.titles.matches(prepared.tokens, prepared.at), this.threshold);
  }

  /**
   * Whether one more corroboration of the candidate is listed (true, and counted as listed) or
   * only summarised, because it lists MAX_LISTED_CORROBORATIONS already.
   */
  list(candidateId: string): boolean {
    const listed = this.listed.get(candidateId) ?? 0;
    if (listed >= MAX_LISTED_CORROBORATIONS) return false;
    this.listed.set(candidateId, listed + 1);
    return true;
  }

  /**
   * Records that this item now belongs to the candidate (proposed, or corroborating it). Its title
   * joins the comparisons only when listed: the log holds the title of a listed item alone.
   */
  remember(item: CandidateItem, candidateId: string, listed = true): void {
    const prepared = this.prepared.get(item)!;
    for (const key of prepared.keys) this.keys.set(`${key.kind}|${key.value}`, candidateId);
    if (listed && prepared.tokens.length > 0) {
      this.titles.add({ candidateId, rejected: false, tokens: prepared.tokens, at: prepared.at });
    }
  }
}
