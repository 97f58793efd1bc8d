import { dateBounds, firstDay } from './entry-fields';
import type { TimelineEntry } from './timeline-entry';
import { searchText } from './timeline-view';

/** What a reader asks of the timeline. Within a field values are alternatives; fields combine. */
export interface TimelineFilter {
  countries?: string[];
  categories?: string[];
  actors?: string[];
  /** YYYY-MM-DD: entries whose dates overlap [from, toExclusive). */
  from?: string;
  toExclusive?: string;
  /** Words, each of which must occur (case-insensitive substring, any script). */
  q?: string;
  includeRetracted?: boolean;
}

export function searchTerms(q: string | undefined): string[] {
  return (q ?? '')
    .toLowerCase()
    .split(/\s+/)
    .filter((term) => term.length > 0)
    .slice(0, 10);
}

/** Pure: the same question as the SQL in TimelineQueries, asked of one entry (for "as of" reads). */
export function matchesFilter(entry: TimelineEntry, filter: TimelineFilter): boolean {
  const anyOf = (wanted: string[] | undefined, has: readonly string[]) =>
    !wanted || wanted.length === 0 || wanted.some((w) => has.includes(w));
  if (!filter.includeRetracted && entry.status !== 'active') return false;
  if (!anyOf(filter.countries, entry.countries)) return false;
  if (!anyOf(filter.categories, entry.categories)) return false;
  if (!anyOf(filter.actors, entry.actors)) return false;
  // Bounds and text only when asked for: an "as of" read tests every entry of the log.
  if (filter.from || filter.toExclusive) {
    const { first, lastExclusive } = dateBounds(entry.date);
    if (filter.from && lastExclusive <= filter.from) return false;
    if (filter.toExclusive && first >= filter.toExclusive) return false;
  }
  const terms = searchTerms(filter.q);
  if (terms.length === 0) return true;
  const text = searchText(entry);
  return terms.every((term) => text.includes(term));
}

/** Timeline order: by the first day the date covers, then by id for a stable page order. */
export function compareEntries(a: TimelineEntry, b: TimelineEntry): number {
  return compareKeys([firstDay(a.date.start), a.id], [firstDay(b.date.start), b.id]);
}

/** `entries` in timeline order (as `compareEntries`), each first day worked out once. */
export function sortByTimeline(entries: readonly TimelineEntry[]): TimelineEntry[] {
  return entries
    .map((entry) => ({ entry, key: [firstDay(entry.date.start), entry.id] as const }))
    .sort((a, b) => compareKeys(a.key, b.key))
    .map(({ entry }) => entry);
}

function compareKeys([fa, ia]: readonly [string, string], [fb, ib]: readonly [string, string]): number {
  return fa < fb ? -1 : fa > fb ? 1 : ia < ib ? -1 : ia > ib ? 1 : 0;
}
