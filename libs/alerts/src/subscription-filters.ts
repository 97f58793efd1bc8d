import type { SubscriptionFilters } from './subscription-events';

/** The fields of an entry that filters look at. */
export interface FilterableEntry {
  title: string;
  summary: string;
  countries: readonly string[];
  categories: readonly string[];
  actors: readonly string[];
}

export const EMPTY_FILTERS: SubscriptionFilters = { countries: [], categories: [], actors: [], keywords: [] };

/**
 * Pure: whether an entry is one a subscriber asked for. Every non-empty list must match (countries,
 * categories and actors by any shared value; keywords by any one occurring in the title or summary),
 * so empty filters match everything. Case never matters, in any script.
 */
export function matchesFilters(filters: SubscriptionFilters, entry: FilterableEntry): boolean {
  const shares = (wanted: readonly string[], present: readonly string[]): boolean => {
    if (wanted.length === 0) return true;
    const have = new Set(present.map(fold));
    return wanted.some((value) => have.has(fold(value)));
  };
  if (!shares(filters.countries, entry.countries)) return false;
  if (!shares(filters.categories, entry.categories)) return false;
  if (!shares(filters.actors, entry.actors)) return false;
  if (filters.keywords.length === 0) return true;
  const text = fold(`${entry.title}\n${entry.summary}`);
  return filters.keywords.some((keyword) => text.includes(fold(keyword)));
}

/** Filters in their stored form: trimmed, without blanks or repeats, country codes in capitals. */
export function normaliseFilters(filters: Partial<SubscriptionFilters> | undefined): SubscriptionFilters {
  const clean = (values: readonly string[] | undefined, upper = false): string[] => {
    const seen = new Set<string>();
    const out: string[] = [];
    for (const raw of values ?? []) {
      const value = upper ? raw.trim().toUpperCase() : raw.trim();
      if (value === '' || seen.has(fold(value))) continue;
      seen.add(fold(value));
      out.push(value);
    }
    return out;
  };
  return {
    countries: clean(filters?.countries, true),
    categories: clean(filters?.categories),
    actors: clean(filters?.actors),
    keywords: clean(filters?.keywords),
  };
}

/** NFKC folds full-width and compatibility forms (ＳＣＯ is SCO), then lower case in any script. */
function fold(value: string): string {
  return value.normalize('NFKC').toLowerCase();
}
