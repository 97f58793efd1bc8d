import { type Category, CENTRAL_ASIA, type CountryCode, type EntryDate } from '@app/timeline';

import type { ProposedFields } from '../candidate-events';

/**
 * What an item says about its event that does not depend on its language: the countries, the
 * actors (recognised through their multilingual aliases, so 习近平, Си Цзиньпин and Xi are one),
 * the categories and the event date. Cross-language "same story" matching compares these; it is
 * read from the fields extraction already proposes, so it costs nothing more.
 */
export interface StoryEvidence {
  countries: CountryCode[];
  /** Central Asian states among the countries: two stories about different ones are not one. */
  centralAsia: CountryCode[];
  actors: string[];
  categories: Category[];
  date: EntryDate;
}

export function storyEvidence(
  fields: Pick<ProposedFields, 'countries' | 'actors' | 'categories' | 'date'>,
): StoryEvidence {
  return {
    countries: [...fields.countries],
    centralAsia: fields.countries.filter((c) => CENTRAL_ASIA.includes(c)),
    actors: [...fields.actors],
    categories: [...fields.categories],
    date: fields.date,
  };
}

/** How far two items' evidence agrees: what they share, how many days apart their events are. */
export interface StoryOverlap {
  sharedCountries: CountryCode[];
  sharedActors: string[];
  sharedCategories: Category[];
  /** Days between the events' start dates. */
  daysApart: number;
  /** Each names a Central Asian state the other does not (and they share none): different events. */
  differentCentralAsianStates: boolean;
}

const DAY_MS = 86_400_000;

export function storyOverlap(a: StoryEvidence, b: StoryEvidence): StoryOverlap {
  const shared = <T>(x: readonly T[], y: readonly T[]) => x.filter((v) => y.includes(v));
  const sharedCentralAsia = shared(a.centralAsia, b.centralAsia);
  return {
    sharedCountries: shared(a.countries, b.countries),
    sharedActors: shared(a.actors, b.actors),
    sharedCategories: shared(a.categories, b.categories),
    daysApart: Math.round(Math.abs(Date.parse(a.date.start) - Date.parse(b.date.start)) / DAY_MS),
    differentCentralAsianStates:
      a.centralAsia.length > 0 && b.centralAsia.length > 0 && sharedCentralAsia.length === 0,
  };
}
