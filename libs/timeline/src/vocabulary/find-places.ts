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
  const found = new Map<string, number>();
  for (const match of text.matchAll(MATCHER.pattern)) {
    const group = match.slice(1).findIndex((g) => g !== undefined);
    const place = MATCHER.places[group];
    if (place && !found.has(place.id)) found.set(place.id, match.index);
  }
  return [...found.keys()].map((id) => placeRef(PLACES.find((p) => p.id === id)!));
}

/** Every name and alias of every place as one alternation, longest first, one group per name. */
const MATCHER = (() => {
  const names = PLACES.flatMap((place) =>
    [place.name, place.ru, place.zh, ...place.aliases].map((name) => ({ place, name })),
  ).sort((a, b) => b.name.length - a.name.length);
  const places: PlaceDefinition[] = [];
  const alternatives: string[] = [];
  for (const { place, name } of names) {
    places.push(place);
    alternatives.push(`(${namePattern(name)})`);
  }
  return { places, pattern: new RegExp(alternatives.join('|'), 'giu') };
})();

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
