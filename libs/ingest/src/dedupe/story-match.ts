import type { EntryDate } from '@app/timeline';

/**
 * What two reports of one event share whatever their language: the states, the actors (named by
 * their multilingual aliases, so 'ШОС', '上合组织' and 'SCO' are one actor), the places, the kind of
 * security work, and the day. Titles are not compared: across scripts they share no words.
 */
export interface StoryEvidence {
  countries: readonly string[];
  actors: readonly string[];
  places?: readonly string[];
  categories: readonly string[];
  /** The event's date as extracted (its start), else the publication day: `YYYY-MM-DD`. */
  day: string;
}

export interface StoryMatch {
  /** Shown to the reviewer as "likely the same story", with a one-click merge. */
  likely: boolean;
  /** Strong enough to attach without asking (another source of the same candidate). */
  strong: boolean;
  score: number;
  daysApart: number;
  shared: { states: string[]; actors: string[]; places: string[]; categories: string[] };
}

const CENTRAL_ASIA: ReadonlySet<string> = new Set(['KZ', 'KG', 'TJ', 'TM', 'UZ']);
/** Reports of one event cluster within a few days of it (a summit, a drill's closing day). */
export const STORY_WINDOW_DAYS = 3;
/** Categories every meeting has: alone they say nothing about which event it was. */
const GENERIC_CATEGORIES: ReadonlySet<string> = new Set(['diplomacy', 'multilateral']);
const DAY_MS = 86_400_000;

export const LIKELY_STORY_SCORE = 4;
export const STRONG_STORY_SCORE = 6;

/**
 * Whether two reports, typically in different languages, are likely one story. Never across two
 * different Central Asian states (a Kyrgyz and a Tajik border incident on the same day are two
 * events), never more than STORY_WINDOW_DAYS apart, and never on generic evidence alone.
 */
export function matchStory(a: StoryEvidence, b: StoryEvidence): StoryMatch {
  const daysApart = Math.abs(Date.parse(a.day) - Date.parse(b.day)) / DAY_MS;
  const statesA = a.countries.filter((c) => CENTRAL_ASIA.has(c));
  const statesB = b.countries.filter((c) => CENTRAL_ASIA.has(c));
  const shared = {
    states: intersect(statesA, statesB),
    actors: intersect(a.actors, b.actors),
    places: intersect(a.places ?? [], b.places ?? []),
    categories: intersect(a.categories, b.categories),
  };
  const none: StoryMatch = { likely: false, strong: false, score: 0, daysApart, shared };
  if (!(daysApart <= STORY_WINDOW_DAYS)) return none;
  if (statesA.length > 0 && statesB.length > 0 && shared.states.length === 0) return none;
  // One state each, different: two events, whatever else they share.
  if (statesA.length === 1 && statesB.length === 1 && statesA[0] !== statesB[0]) return none;

  const specific = shared.categories.filter((c) => !GENERIC_CATEGORIES.has(c));
  const score =
    Math.min(shared.states.length, 2) +
    2 * shared.actors.length +
    2 * shared.places.length +
    Math.min(specific.length, 2) +
    0.5 * Math.min(shared.categories.length - specific.length, 1) +
    (daysApart <= 1 ? 1 : 0);
  const named = shared.actors.length + shared.places.length > 0;
  const likely = score >= LIKELY_STORY_SCORE && (named || specific.length > 0);
  const sameStates = sameSet(statesA, statesB);
  const strong = likely && score >= STRONG_STORY_SCORE && named && daysApart <= 1 && sameStates;
  return { likely, strong, score, daysApart, shared };
}

/** The evidence of a candidate's proposed fields (or an entry's), for matchStory. */
export function storyEvidence(
  fields: {
    countries: readonly string[];
    actors: readonly string[];
    categories: readonly string[];
    places?: readonly { id: string }[];
    date: EntryDate;
  },
  publishedAt: string,
): StoryEvidence {
  const start = fields.date.start;
  return {
    countries: fields.countries,
    actors: fields.actors,
    categories: fields.categories,
    places: (fields.places ?? []).map((place) => place.id),
    day: /^\d{4}-\d{2}-\d{2}$/.test(start) ? start : publishedAt.slice(0, 10),
  };
}

function intersect(a: readonly string[], b: readonly string[]): string[] {
  const other = new Set(b);
  return [...new Set(a)].filter((value) => other.has(value));
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value) => b.includes(value));
}
