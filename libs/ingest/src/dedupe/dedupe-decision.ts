/**
 * Whether a relevant item becomes a new candidate (DESIGN.md section 5, dedupe). Pure: the lookups
 * that feed it are done by DedupeIndex.
 */

/** A candidate as dedupe knows it: open (pending or decided for it) or rejected by a reviewer. */
export interface KnownCandidate {
  candidateId: string;
  rejected: boolean;
}

/** An existing candidate that holds the same GUID (of the same feed) or the same canonical link. */
export interface KeyMatch extends KnownCandidate {
  via: 'guid' | 'link';
}

/** An existing candidate with a similar title, published within the window. */
export interface TitleMatch extends KnownCandidate {
  similarity: number;
}

export type DedupeVerdict =
  | { kind: 'propose' }
  /** The very same item (GUID or link) was proposed already: nothing to add. */
  | { kind: 'duplicate'; candidateId: string; via: 'guid' | 'link' }
  /** The same story from another outlet: another source for the existing candidate. */
  | { kind: 'corroborate'; candidateId: string; similarity: number }
  /** A reviewer rejected this item, or the story it tells: it is not proposed again. */
  | { kind: 'rejected'; candidateId: string; via: 'guid' | 'link' | 'title'; similarity?: number };

export function decideDedupe(
  keyMatch: KeyMatch | undefined,
  titleMatches: readonly TitleMatch[],
  threshold: number,
): DedupeVerdict {
  if (keyMatch) {
    return keyMatch.rejected
      ? { kind: 'rejected', candidateId: keyMatch.candidateId, via: keyMatch.via }
      : { kind: 'duplicate', candidateId: keyMatch.candidateId, via: keyMatch.via };
  }
  const best = [...titleMatches]
    .filter((m) => m.similarity >= threshold)
    // Most similar first; on a tie an open candidate before a rejected one, then a stable order.
    .sort(
      (a, b) =>
        b.similarity - a.similarity ||
        Number(a.rejected) - Number(b.rejected) ||
        a.candidateId.localeCompare(b.candidateId),
    )[0];
  if (!best) return { kind: 'propose' };
  const similarity = Math.round(best.similarity * 1000) / 1000;
  return best.rejected
    ? { kind: 'rejected', candidateId: best.candidateId, via: 'title', similarity }
    : { kind: 'corroborate', candidateId: best.candidateId, similarity };
}
