import { newStemmer } from 'snowball-stemmers';

import { type Place, type PlaceDefinition, placeRef, PLACES } from './places';

const russian = newStemmer('russian');

/** Up to this many letters may follow a Russian stem: Хоргос → Хоргоса, Ферганская → Ферганской. */
const RUSSIAN_ENDING = '\\p{Script=Cyrillic}{0,4}';
const HAN = /\p{Script=Han}/u;

/**
 * Pure: the gazetteer's places a text names, each once, in the order the text first names them.
 * English and other Latin spellings match as whole words ("Osh", not "Oshkosh"); each Russian
 * word of a name matches by its Snowball stem with an ending (Хоргоса, Ферганской долине); Chinese
 * names match as substrings, since Chinese has no spaces between words.
 */
export function findPlaces(text: string): Place[] {
  const matcher = matcherFor(text);
  if (!matcher) return [];
  const found = new Map<string, number>();
  for (const match of text.matchAll(matcher.pattern)) {
    const group = match.slice(1).findIndex((g) => g !== undefined);
    const place = matcher.places[group];
    if (place && !found.has(place.id)) found.set(place.id, match.index);
  }
  return [...found.keys()].map((id) => placeRef(PLACES.find((p) => p.id === id)!));
}

/** Every name and alias of every place, longest first, with the text any match must contain. */
const NAMES = PLACES.flatMap((place) =>
  [place.name, place.ru, place.zh, ...place.aliases].map((name) => ({ place, name })),
)
  .sort((a, b) => b.name.length - a.name.length)
  .map(({ place, name }) => ({ place, pattern: `(${namePattern(name)})`, anchor: anchorOf(name) }));

/**
 * One alternation of the names the text may contain, one group per name, in NAMES' order. A name
 * whose anchor is absent cannot match anywhere, so leaving it out changes no match; the whole
 * gazetteer as one pattern cost a try of every name at every position of every text. Null when
 * no name can match.
 */
function matcherFor(text: string): { places: PlaceDefinition[]; pattern: RegExp } | null {
  const folded = fold(text);
  const names = NAMES.filter((name) => name.anchor === null || folded.includes(name.anchor));
  if (names.length === 0) return null;
  const key = names.map((name) => name.pattern).join('|');
  let matcher = MATCHERS.get(key);
  if (!matcher) {
    matcher = { places: names.map((name) => name.place), pattern: new RegExp(key, 'giu') };
    if (MATCHERS.size >= MAX_MATCHERS) MATCHERS.delete(MATCHERS.keys().next().value!);
    MATCHERS.set(key, matcher);
  }
  return matcher;
}

/** The patterns of the name sets texts met lately: most texts name the same few places. */
const MATCHERS = new Map<string, { places: PlaceDefinition[]; pattern: RegExp }>();
const MAX_MATCHERS = 256;

/**
 * Case folded as the `iu` flags compare (upper case, then lower: ſ and s, ς and σ meet), so a
 * text that matches a name contains its folded anchor.
 */
function fold(text: string): string {
  return text.toUpperCase().toLowerCase();
}

/**
 * What a text naming `name` must contain: its first word folded (a Russian word's stem), or the
 * Chinese name itself. Null (always tried) when folding would change the word's length, where
 * the comparison above would not be exact.
 */
function anchorOf(name: string): string | null {
  if (HAN.test(name)) return name;
  const [word = ''] = name.trim().split(/\s+/);
  // As namePattern writes the word: a Russian one by its stem, when the stem begins it.
  const lower = word.toLowerCase();
  const stem = /\p{Script=Cyrillic}$/u.test(word) ? russian.stem(lower) : lower;
  const literal = lower.startsWith(stem) ? stem : lower;
  const anchor = fold(literal);
  return anchor.length === literal.length && anchor.length > 0 ? anchor : null;
}

function namePattern(name: string): string {
  if (HAN.test(name)) return escape(name);
  const words = name
    .trim()
    .split(/\s+/)
    .map((word) => {
      if (!/\p{Script=Cyrillic}$/u.test(word)) return escape(word);
      const lower = word.toLowerCase();
      const stem = russian.stem(lower);
      return `${escape(lower.startsWith(stem) ? stem : lower)}${RUSSIAN_ENDING}`;
    });
  return `(?<![\\p{L}\\p{N}])${words.join('\\s+')}(?![\\p{L}\\p{N}])`;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, (c) => `\\${c}`);
}
