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
 */
export function searchGrams(text: string): string {
  const tokens = new Set<string>();
  let previous = '';
  for (const char of text) {
    const hex = gramHex(char);
    if (hex) {
      tokens.add(`g${hex}`);
      if (previous) tokens.add(`g${previous}x${hex}`);
    }
    previous = hex;
  }
  return [...tokens].join(' ');
}

/** A word of FTS5's ascii tokenizer for one or two characters: `g`, their code points in hex, `x` between. */
export function gramToken(chars: string): string {
  return `g${Array.from(chars, gramHex).join('x')}`;
}

const hexOfChar = new Map<string, string>();
/** A character's code point in hex ('' for whitespace), remembered: texts reuse few characters. */
function gramHex(char: string): string {
  let hex = hexOfChar.get(char);
  if (hex === undefined) {
    hex = /\s/.test(char) ? '' : char.codePointAt(0)!.toString(16);
    if (hexOfChar.size < 100_000) hexOfChar.set(char, hex);
  }
  return hex;
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
