import type { TimelineEntry } from './timeline-entry';
import type { DatePrecision } from './vocabulary';

export const ENTRY_COLUMNS =
  'id, title, summary, date_start, date_end, date_precision, first_day, last_day_exclusive, countries, actors, ' +
  'categories, places, sources, status, retraction, recorded_at, updated_at, version';

export interface EntryRow {
  [column: string]: unknown;
  id: string;
  title: string;
  summary: string;
  date_start: string;
  date_end: string | null;
  date_precision: DatePrecision;
  countries: string;
  actors: string;
  categories: string;
  places: string;
  sources: string;
  status: 'active' | 'retracted';
  retraction: string | null;
  recorded_at: string;
  updated_at: string;
  version: number | string;
}

export function fromEntryRow(row: EntryRow): TimelineEntry {
  return {
    id: row.id,
    title: row.title,
    summary: row.summary,
    date: {
      start: row.date_start,
      ...(row.date_end ? { end: row.date_end } : {}),
      precision: row.date_precision,
    },
    countries: JSON.parse(row.countries) as TimelineEntry['countries'],
    actors: JSON.parse(row.actors) as string[],
    categories: JSON.parse(row.categories) as TimelineEntry['categories'],
    places: JSON.parse(row.places) as TimelineEntry['places'],
    sources: JSON.parse(row.sources) as TimelineEntry['sources'],
    status: row.status,
    ...(row.retraction ? { retraction: JSON.parse(row.retraction) as TimelineEntry['retraction'] } : {}),
    recordedAt: row.recorded_at,
    updatedAt: row.updated_at,
    version: Number(row.version),
  };
}

/** `valid_until` of a version that still holds: larger than any log position (2^53 - 1). */
export const CURRENT = '9007199254740991';

/**
 * Every day of the calendar spans this many sort keys: an entry's `sort_key` is its first day's
 * number times this, plus the log position of its EntryAdded event (which keeps keys unique).
 */
export const SORT_KEYS_PER_DAY = 2 ** 31;

/**
 * An entry's `sort_key`: an integer that orders entries by their first day (ties by when they were
 * added), so FTS5, whose rows are keyed by it, returns matches in nearly timeline order and can stop
 * after the first page. Derived from the entry alone, so a rebuild gives the same keys.
 */
export function sortKey(firstDay: string, added: number): number {
  if (!Number.isSafeInteger(added) || added < 1 || added >= SORT_KEYS_PER_DAY) {
    throw new RangeError(`A timeline sort key holds log positions below 2^31; got ${added}`);
  }
  const [year, month, day] = firstDay.split('-').map(Number) as [number, number, number];
  return (year * 372 + (month - 1) * 31 + (day - 1)) * SORT_KEYS_PER_DAY + added;
}

/** The log position of the EntryAdded event of the entry with this sort key. */
export function addedAt(key: number): number {
  return key % SORT_KEYS_PER_DAY;
}

/**
 * The rowid of an entry in SQLite's search tables: its sort key, negated while it is retracted, so
 * a search among active entries is the range `rowid > 0`, which FTS5 applies inside its index.
 */
export function searchKey(key: number, status: TimelineEntry['status']): number {
  return status === 'active' ? key : -key;
}

/** FTS5's trigram tokenizer cannot look up fewer than three characters. */
const TRIGRAM = 3;

/**
 * What the SQLite search tables index of a search text: its distinct words (runs without
 * whitespace), one a line. A term has no whitespace (see `searchTerms`), so it occurs in the text
 * exactly when it occurs in one of its words: the index is a quarter smaller and as exact.
 */
export function searchWords(text: string): string {
  return [...new Set(text.split(/\s+/))].filter(Boolean).join('\n');
}

/**
 * The distinct characters and pairs of adjacent characters of a search text, one token each (see
 * `gramToken`), for `timeline_search_grams`: a term of one or two characters occurs in the text
 * exactly when its token is among these. Whitespace is left out, since a term never contains any.
 * Each token is spelled once and remembered with the last text it was seen in (`Gram`): a rebuild
 * does this for every entry. The grams one call makes all stay remembered until it returns.
 */
export function searchGrams(text: string): string {
  if (remembered > REMEMBERED) {
    charGrams.clear();
    remembered = 0;
  }
  const call = ++calls;
  const tokens: string[] = [];
  const add = (gram: Gram) => {
    if (gram.seenIn === call) return;
    gram.seenIn = call;
    tokens.push(gram.token);
  };
  let previous: CharGram | null = null;
  for (let i = 0; i < text.length;) {
    const code = text.codePointAt(i)!;
    i += code > 0xffff ? 2 : 1;
    const char = charGram(code);
    if (char) {
      add(char);
      if (previous) add(pairGram(previous, char, code));
    }
    previous = char;
  }
  return tokens.join(' ');
}

/** A word of FTS5's ascii tokenizer for one or two characters: `g`, their code points in hex, `x` between. */
export function gramToken(chars: string): string {
  return `g${Array.from(chars, (char) => charGram(char.codePointAt(0)!)?.hex ?? '').join('x')}`;
}

interface Gram {
  token: string;
  /** The last call of `searchGrams` that added it. */
  seenIn: number;
}

/** A character's gram, its code point in hex, and the grams of the pairs it begins, by the second's code point. */
interface CharGram extends Gram {
  hex: string;
  pairs: Map<number, Gram>;
}

let calls = 0;
/** Texts reuse few characters and pairs; past these many grams, they are forgotten (between calls). */
const REMEMBERED = 1_000_000;
let remembered = 0;
const charGrams = new Map<number, CharGram | null>();

/** A character's gram; null for whitespace. */
function charGram(code: number): CharGram | null {
  let char = charGrams.get(code);
  if (char === undefined) {
    const hex = code.toString(16);
    char = /\s/.test(String.fromCodePoint(code))
      ? null
      : { hex, token: `g${hex}`, seenIn: 0, pairs: new Map() };
    charGrams.set(code, char);
    remembered += 1;
  }
  return char;
}

function pairGram(first: CharGram, second: CharGram, code: number): Gram {
  let pair = first.pairs.get(code);
  if (pair === undefined) {
    pair = { token: `${first.token}x${second.hex}`, seenIn: 0 };
    first.pairs.set(code, pair);
    remembered += 1;
  }
  return pair;
}

/**
 * FTS5 MATCH expressions that find the entries containing every term (lower-cased already, as
 * `searchTerms` gives them): a quoted phrase per term of 3+ characters on the trigram table, which
 * matches exactly the substrings, and a gram token per shorter term. Inside quotes nothing is an
 * operator, and `"` is written twice; LIKE's `%` and `_` mean nothing to MATCH.
 */
export function searchMatches(terms: readonly string[]): { trigrams?: string; grams?: string } {
  const long = terms.filter((t) => Array.from(t).length >= TRIGRAM);
  const short = terms.filter((t) => Array.from(t).length < TRIGRAM);
  return {
    ...(long.length ? { trigrams: long.map((t) => `"${t.replace(/"/g, '""')}"`).join(' AND ') } : {}),
    ...(short.length ? { grams: short.map(gramToken).join(' AND ') } : {}),
  };
}
