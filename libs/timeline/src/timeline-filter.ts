import { newStemmer } from 'snowball-stemmers';

import { dateBounds, firstDay } from './entry-fields';
import type { TimelineEntry } from './timeline-entry';
import { searchText } from './timeline-view';

/** How a page is ordered: by event date (oldest first, the default), newest first, or newest recorded first. */
export const TIMELINE_SORTS = ['date', 'date-desc', 'recorded-desc'] as const;
export type TimelineSort = (typeof TIMELINE_SORTS)[number];

/** What a reader asks of the timeline. Within a field values are alternatives; fields combine. */
export interface TimelineFilter {
  countries?: string[];
  categories?: string[];
  actors?: string[];
  /** Gazetteer place ids. */
  places?: string[];
  /** YYYY-MM-DD: entries whose dates overlap [from, toExclusive). */
  from?: string;
  toExclusive?: string;
  /** Words, each of which must occur (case-insensitive substring, any script); see `searchTerms`. */
  q?: string;
  includeRetracted?: boolean;
  sort?: TimelineSort;
}

const russian = newStemmer('russian');
const CYRILLIC_WORD = /^[\p{Script=Cyrillic}-]+$/u;

/**
 * The substrings a text must contain to match `q`, lower-cased, at most ten:
 * - a word is a term; a Russian word is its Snowball stem (граница → границ, which finds границы
 *   and границе); other scripts as written (Chinese stays a substring: it has no spaces);
 * - a "quoted phrase" is one term, its words as written, one space between them.
 */
export function searchTerms(q: string | undefined): string[] {
  const terms: string[] = [];
  for (const match of (q ?? '').toLowerCase().matchAll(/"([^"]*)"|(\S+)/g)) {
    if (match[1] !== undefined) {
      const phrase = match[1].split(/\s+/).filter(Boolean).join(' ');
      if (phrase) terms.push(phrase);
    } else {
      const word = match[2]!;
      terms.push(CYRILLIC_WORD.test(word) ? stemOf(word) : word);
    }
  }
  return [...new Set(terms)].slice(0, 10);
}

function stemOf(word: string): string {
  const stem = russian.stem(word);
  return stem.length > 0 && word.startsWith(stem) ? stem : word;
}

/** Pure: the same question as the SQL in TimelineQueries, asked of one entry (for "as of" reads). */
export function matchesFilter(entry: TimelineEntry, filter: TimelineFilter): boolean {
  const anyOf = (wanted: string[] | undefined, has: readonly string[]) =>
    !wanted || wanted.length === 0 || wanted.some((w) => has.includes(w));
  if (!filter.includeRetracted && entry.status !== 'active') return false;
  if (!anyOf(filter.countries, entry.countries)) return false;
  if (!anyOf(filter.categories, entry.categories)) return false;
  if (!anyOf(filter.actors, entry.actors)) return false;
  if (
    filter.places?.length &&
    !anyOf(
      filter.places,
      entry.places.map((p) => p.id),
    )
  )
    return false;
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
  return sortEntries(entries, 'date');
}

/**
 * `entries` in the order of `sort`, as the read model's SQL orders them: `date` by first day then
 * id; `date-desc` the reverse; `recorded-desc` by when the entry was first recorded, newest first,
 * then id descending.
 */
export function sortEntries(entries: readonly TimelineEntry[], sort: TimelineSort = 'date'): TimelineEntry[] {
  const keyed = entries.map((entry) => ({
    entry,
    key: [sort === 'recorded-desc' ? entry.recordedAt : firstDay(entry.date.start), entry.id] as const,
  }));
  const direction = sort === 'date' ? 1 : -1;
  return keyed.sort((a, b) => direction * compareKeys(a.key, b.key)).map(({ entry }) => entry);
}

function compareKeys([fa, ia]: readonly [string, string], [fb, ib]: readonly [string, string]): number {
  return fa < fb ? -1 : fa > fb ? 1 : ia < ib ? -1 : ia > ib ? 1 : 0;
}

/** A facet: one value of a field with how many entries carry it. */
export interface FacetCount {
  value: string;
  count: number;
}

export const FACET_FIELDS = ['countries', 'categories', 'actors', 'places'] as const;
export type FacetField = (typeof FACET_FIELDS)[number];

/**
 * Pure: for each field, how many entries carry each value among those that match every OTHER
 * active filter (faceted search: a country's count answers "how many if I also pick it"). Ordered
 * by count, then value. The oracle of `TimelineQueries.facets` and what "as of" reads use.
 */
export function facetCounts(
  entries: readonly TimelineEntry[],
  filter: TimelineFilter,
): Record<FacetField, FacetCount[]> {
  const valuesOf: Record<FacetField, (e: TimelineEntry) => readonly string[]> = {
    countries: (e) => e.countries,
    categories: (e) => e.categories,
    actors: (e) => e.actors,
    places: (e) => e.places.map((p) => p.id),
  };
  const result = {} as Record<FacetField, FacetCount[]>;
  for (const field of FACET_FIELDS) {
    const others = { ...filter, [field]: undefined };
    const counts = new Map<string, number>();
    for (const entry of entries) {
      if (!matchesFilter(entry, others)) continue;
      for (const value of new Set(valuesOf[field](entry))) counts.set(value, (counts.get(value) ?? 0) + 1);
    }
    result[field] = orderFacets([...counts].map(([value, count]) => ({ value, count })));
  }
  return result;
}

/** By count, most first, then by value (code-point order, the same on every database). */
export function orderFacets(list: FacetCount[]): FacetCount[] {
  return list.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}
