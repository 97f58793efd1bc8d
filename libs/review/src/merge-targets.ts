import { matchStory, type ProposedFields, storyEvidence } from '@app/ingest';
import type { EntryDate } from '@app/timeline';

/** Something a candidate can be merged into: an entry on the timeline, or another undecided candidate. */
export interface MergeTarget {
  kind: 'entry' | 'candidate';
  id: string;
  title: string;
  date: EntryDate;
  countries: string[];
  actors: string[];
  categories: string[];
  /** Newest first among equals: when it was recorded (entry) or proposed (candidate). */
  recordedAt: string;
  /** Whether it contains every word searched for (any language, any script). */
  wordMatch: boolean;
}

export interface RankedTarget extends MergeTarget {
  score: number;
  /** What it shares with the candidate, in words a reviewer reads. */
  shared: string[];
  /**
   * Likely a report of the same event, whatever its language (matchStory: states, actors, places,
   * categories, within three days): shown to the reviewer first, with a one-click merge.
   */
  likelySameStory: boolean;
}

const DAY_MS = 86_400_000;

/**
 * Pure: merge targets ranked by the language-independent evidence they share with the candidate
 * (countries, actors, categories, the event date within days) and by the words searched for; ties
 * go newest first. A target that shares nothing and matches no word is left out.
 */
export function rankMergeTargets(proposed: ProposedFields, targets: MergeTarget[]): RankedTarget[] {
  const ranked: RankedTarget[] = [];
  for (const target of targets) {
    const shared: string[] = [];
    let score = 0;
    const countries = target.countries.filter((c) => proposed.countries.includes(c as never));
    // China is in nearly every item: a Central Asian state in common says more.
    for (const country of countries) score += country === 'CN' ? 1 : 3;
    if (countries.length > 0) shared.push(`countries ${countries.join(', ')}`);
    const actors = target.actors.filter((a) =>
      proposed.actors.some((p) => p.toLowerCase() === a.toLowerCase()),
    );
    score += 3 * actors.length;
    if (actors.length > 0) shared.push(`actors ${actors.join(', ')}`);
    const categories = target.categories.filter((c) => proposed.categories.includes(c as never));
    score += categories.length;
    if (categories.length > 0) shared.push(`categories ${categories.join(', ')}`);
    const days =
      Math.abs(Date.parse(dayOf(target.date.start)) - Date.parse(dayOf(proposed.date.start))) / DAY_MS;
    if (Number.isFinite(days) && days <= 3) {
      score += 4;
      shared.push(
        days === 0
          ? 'the same date'
          : `dates ${Math.round(days)} day${Math.round(days) === 1 ? '' : 's'} apart`,
      );
    } else if (Number.isFinite(days) && days <= 14) {
      score += 1;
      shared.push(`dates within ${Math.ceil(days)} days`);
    }
    if (target.wordMatch) {
      score += 5;
      shared.push('the words searched for');
    }
    const likelySameStory = matchStory(
      storyEvidence(proposed, proposed.date.start),
      storyEvidence(target, target.recordedAt),
    ).likely;
    if (
      likelySameStory ||
      (score > 0 && (countries.some((c) => c !== 'CN') || target.wordMatch || actors.length > 0))
    ) {
      ranked.push({ ...target, score, shared, likelySameStory });
    }
  }
  return ranked.sort(
    (a, b) =>
      Number(b.likelySameStory) - Number(a.likelySameStory) ||
      b.score - a.score ||
      b.recordedAt.localeCompare(a.recordedAt),
  );
}

/** `2026`, `2026-03` and `2026-03-04` as the first day they cover. */
function dayOf(start: string): string {
  return start.length === 4 ? `${start}-01-01` : start.length === 7 ? `${start}-01` : start.slice(0, 10);
}
