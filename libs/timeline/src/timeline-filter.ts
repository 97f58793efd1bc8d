import { dateBounds } from './entry-fields';
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
  const { first, lastExclusive } = dateBounds(entry.date);
  if (filter.from && lastExclusive <= filter.from) return false;
  if (filter.toExclusive && first >= filter.toExclusive) return false;
  const text = searchText(entry);
  return searchTerms(filter.q).every((term) => text.includes(term));
}

/** Timeline order: by the first day the date covers, then by id for a stable page order. */
export function compareEntries(a: TimelineEntry, b: TimelineEntry): number {
  const [fa, fb] = [dateBounds(a.date).first, dateBounds(b.date).first];
  return fa < fb ? -1 : fa > fb ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
