import type { CandidateItem } from '../candidate-events';
import { decideDedupe, type DedupeVerdict, type KeyMatch, type TitleMatch } from './dedupe-decision';
import { isoTime, itemKeys } from './dedupe-keys';
import type { DedupeAnswer, DedupeLookup } from './dedupe-lookup.service';
import {
  DEDUPE_WINDOW_DAYS,
  NEAR_DUPLICATE_THRESHOLD,
  titleSimilarity,
  titleTokens,
} from './title-fingerprint';

const DAY_MS = 86_400_000;

/**
 * Dedupe for one feed's relevant items: what the log holds (looked up for all of them at once)
 * plus what this batch has decided so far, so two items of one feed that tell the same story do
 * not both become candidates.
 */
export class DedupeBatch {
  private readonly keys = new Map<string, string>();
  private readonly titles: { candidateId: string; tokens: string[]; at: number }[] = [];

  private constructor(
    private readonly answers: Map<CandidateItem, DedupeAnswer>,
    private readonly threshold: number,
  ) {}

  static async open(
    lookup: DedupeLookup,
    items: readonly CandidateItem[],
    threshold = NEAR_DUPLICATE_THRESHOLD,
  ): Promise<DedupeBatch> {
    const answers = await lookup.lookup(
      items.map((item) => ({
        keys: itemKeys(item),
        tokens: titleTokens(item.title),
        publishedAt: isoTime(item.publishedAt, item.fetchedAt),
      })),
    );
    return new DedupeBatch(new Map(items.map((item, i) => [item, answers[i]!])), threshold);
  }

  /** The verdict for one of the items the batch was opened with, given the ones judged before it. */
  judge(item: CandidateItem): DedupeVerdict {
    const answer = this.answers.get(item);
    if (!answer) throw new Error('DedupeBatch.judge: an item the batch was not opened with');
    let keyMatch: KeyMatch | undefined = answer.keyMatch;
    if (!keyMatch) {
      for (const key of itemKeys(item)) {
        const candidateId = this.keys.get(`${key.kind}|${key.value}`);
        if (candidateId) {
          keyMatch = { candidateId, rejected: false, via: key.kind };
          break;
        }
      }
    }
    if (keyMatch) return decideDedupe(keyMatch, [], this.threshold);
    const titleMatches: TitleMatch[] = [...answer.titleMatches];
    const tokens = titleTokens(item.title);
    const at = Date.parse(isoTime(item.publishedAt, item.fetchedAt));
    for (const title of this.titles) {
      if (Math.abs(title.at - at) > DEDUPE_WINDOW_DAYS * DAY_MS) continue;
      titleMatches.push({
        candidateId: title.candidateId,
        rejected: false,
        similarity: titleSimilarity(tokens, title.tokens),
      });
    }
    return decideDedupe(undefined, titleMatches, this.threshold);
  }

  /** Records that this item now belongs to the candidate (proposed, or corroborating it). */
  remember(item: CandidateItem, candidateId: string): void {
    for (const key of itemKeys(item)) this.keys.set(`${key.kind}|${key.value}`, candidateId);
    const tokens = titleTokens(item.title);
    if (tokens.length > 0) {
      this.titles.push({ candidateId, tokens, at: Date.parse(isoTime(item.publishedAt, item.fetchedAt)) });
    }
  }
}
