import type { CandidateItem } from '../candidate-events';

export interface ItemKey {
  kind: 'guid' | 'link';
  value: string;
}

/**
 * The keys that make two items the same item. A GUID is unique only within its feed (outlets
 * number their items, and two may both have item 12345), so it is kept with the feed's id; a
 * canonical link is the same article wherever it is found.
 */
export function itemKeys(item: Pick<CandidateItem, 'feedId' | 'guid' | 'link'>): ItemKey[] {
  const keys: ItemKey[] = [{ kind: 'guid', value: `${item.feedId ?? 'manual'}|${item.guid}` }];
  if (item.link) keys.push({ kind: 'link', value: item.link });
  return keys;
}

/** An ISO time as stored for comparisons (UTC, `Z`), or the fallback when it is not a time. */
export function isoTime(value: string, fallback: string): string {
  const time = Date.parse(value);
  return Number.isNaN(time) ? fallback : new Date(time).toISOString();
}
