import { newStemmer } from 'snowball-stemmers';

/**
 * Turns a lexicon term (syntax in lexicon/lexicon-types.ts) into a regular expression.
 *
 * JavaScript's `\b` only knows ASCII letters, so word edges are lookarounds on letters and digits.
 * They only look at Latin and Cyrillic letters: Chinese text often runs straight into an acronym
 * ("与SCO", "同C+C5"), and a Han character next to a Latin term does not make it part of a word.
 *
 * The letter classes are explicit ranges, and case-insensitive terms are matched lower-case
 * against a lower-cased copy of the text rather than with the `i` flag: V8 compiles such
 * expressions about ten times faster than ones with `\p{…}` classes and `i`, which matters with
 * about 1,200 terms compiled on first use.
 */
const LETTER = '[A-Za-z\\u00C0-\\u024F\\u0400-\\u052F]';
const WORD_CHAR = '[0-9A-Za-z\\u00C0-\\u024F\\u0400-\\u052F]';
const BEFORE = `(?<!${WORD_CHAR})`;
const AFTER = `(?!${WORD_CHAR})`;
const DASHES = '\\-‐‑‒–—';
const HAN = /\p{Script=Han}/u;
const RAW = /^\/(.+)\/(i?)$/su;
/** A Russian word written out in a term matches every form with its Snowball stem (see stemmed()). */
const STEMMED_WORD = /^[а-яе]{4,}$/u;
/** At most this many letters after the stem: Russian endings are one to four letters long. */
const MAX_ENDING = 4;

/** What the stemmer strips in one form and keeps in another (Астана → аста, Астане → астан). */
const ENDING_LETTERS = /^[аеиоуыэюяйвнь]+$/u;

const russian = newStemmer('russian');
const stems = new Map<string, string>();
/** The Russian Snowball stem of a lower-case word (memoised: news repeats its words). */
export function russianStem(word: string): string {
  let stem = stems.get(word);
  if (stem === undefined) {
    stem = russian.stem(word);
    if (stems.size > 50_000) stems.clear();
    stems.set(word, stem);
  }
  return stem;
}

/**
 * Does a word of the text have the stem of a word of the term? The stemmer cuts some forms a
 * letter or two shorter than others (Китай → кита but Китая → кит; Мирзиёев → мирзие but
 * Мирзиёевым → мирзиеев), so stems that differ only by that much at the end agree too; Астахов
 * (астах) is not Астана (аста).
 */
export function sameStem(word: string, termStem: string): boolean {
  const stem = russianStem(word.toLowerCase());
  if (stem === termStem) return true;
  const [short, long] = stem.length < termStem.length ? [stem, termStem] : [termStem, stem];
  return (
    short.length >= 3 &&
    long.length - short.length <= 2 &&
    long.startsWith(short) &&
    ENDING_LETTERS.test(long.slice(short.length))
  );
}

/**
 * Matching runs on a copy of the text in which ё is е and typographic apostrophes (and the Uzbek
 * ʻ of Oʻzbekiston) are ', so that
 * terms need not spell both. Every replacement keeps the length, so positions stay those of the
 * original text and the reviewer is shown the term as it was written.
 */
export function foldForMatching(text: string): string {
  return text.replace(/[ёЁ’‘ʼʻ`´\u00a0]/gu, (c) =>
    c === 'ё' ? 'е' : c === 'Ё' ? 'Е' : c === '\u00a0' ? ' ' : "'",
  );
}

/** Lower case that keeps every position (a letter whose lower case is longer stays as it is). */
export function lowerForMatching(folded: string): string {
  const lower = folded.toLowerCase();
  if (lower.length === folded.length) return lower;
  return folded.replace(/\p{Lu}/gu, (c) => (c.toLowerCase().length === c.length ? c.toLowerCase() : c));
}

export interface CompiledTerm {
  regex: RegExp;
  /** Run against lowerForMatching(text) rather than foldForMatching(text). */
  lowerCase: boolean;
  /**
   * The Snowball stems of the term's Russian words, by capture group (`s0`, `s1`…): a match counts
   * only when each of those words of the text has the same stem (see sameStem).
   */
  stems: readonly string[];
}

/**
 * Russian words of a term (of four letters or more, not followed by a wildcard) match every form
 * with the same Snowball stem: a name written in the nominative (Ван Сяохун, Министерство
 * общественной безопасности, Китай) also matches Ван Сяохуном, Министерства…, Китаем.
 */
export function compileTerm(term: string): CompiledTerm {
  const raw = RAW.exec(term);
  if (raw) return { regex: new RegExp(raw[1] ?? '', `gu${raw[2] ?? ''}`), lowerCase: false, stems: [] };

  const body = foldForMatching(term.startsWith('=') ? term.slice(1) : term);
  if (body.length === 0) throw new Error(`Empty lexicon term: "${term}"`);
  const caseSensitive = isCaseSensitive(term);

  // Inflection needs to see the case the term was written in (acronyms do not decline).
  const stems: string[] = [];
  let source = translate(body, !caseSensitive, stems);
  if (!HAN.test(body)) source = `${BEFORE}${source}${AFTER}`;
  return { regex: new RegExp(source, 'gu'), lowerCase: !caseSensitive, stems };
}

/** `=Xi`, and all-capital terms of up to eight letters (acronyms: SCO, ШОС, КНР). */
function isCaseSensitive(term: string): boolean {
  if (term.startsWith('=')) return true;
  const body = foldForMatching(term);
  const letters = body.match(/\p{L}/gu) ?? [];
  return letters.length > 0 && letters.length <= 8 && !/\p{Ll}/u.test(body) && !HAN.test(body);
}

/** The stem a word of a term is matched by, or null when it is matched as written. */
function stemmed(word: string, next: string | undefined, lower: boolean): string | null {
  if (!lower || next === '*' || next === '(' || next === '?') return null;
  const folded = word.toLowerCase();
  return STEMMED_WORD.test(folded) ? russianStem(folded) : null;
}

function translate(body: string, lower: boolean, stems: string[]): string {
  const cased = (text: string) => (lower ? text.toLowerCase() : text);
  let out = '';
  let i = 0;
  while (i < body.length) {
    const c = body[i] ?? '';
    const word = /^\p{Script=Cyrillic}+/u.exec(body.slice(i));
    if (word) {
      const stem = stemmed(word[0], body[i + word[0].length], lower);
      if (stem === null) {
        out += escape(cased(word[0]));
      } else {
        const extra = Math.max(MAX_ENDING, word[0].length - stem.length + 2);
        out += `(?<s${stems.length}>${escape(stem)}${LETTER}{0,${extra}})`;
        stems.push(stem);
      }
      i += word[0].length;
      continue;
    }
    if (c === '*') out += `${LETTER}*`;
    else if (c === '(') out += '(?:';
    else if (c === ')' || c === '|' || c === '?') out += c;
    else if (c === ' ') out += `[\\s${DASHES}]+`;
    else if (c === '-') out += `\\s*[${DASHES}]?\\s*`;
    else out += escape(cased(c));
    i += 1;
  }
  return out;
}

/**
 * The longest piece of literal text every match of the term contains, lower-cased: a cheap
 * `includes` on the item skips the regular expression of nearly every term, since an item names
 * only a handful of the lexicon's concepts. Null when there is none (raw expressions), so the
 * expression always runs.
 */
export function anchorOf(term: string): string | null {
  if (RAW.test(term)) return null;
  const body = foldForMatching(term.startsWith('=') ? term.slice(1) : term);
  const pieces: string[] = [];
  let piece = '';
  const cut = () => {
    if (piece) pieces.push(piece);
    piece = '';
  };
  let depth = 0;
  let i = 0;
  while (i < body.length) {
    const c = body[i] ?? '';
    const word = depth === 0 ? /^\p{Script=Cyrillic}+/u.exec(body.slice(i)) : null;
    if (word) {
      const stem = stemmed(word[0], body[i + word[0].length], !isCaseSensitive(term));
      if (stem !== null) {
        piece += stem;
        cut();
      } else {
        piece += word[0];
      }
      i += word[0].length;
      continue;
    }
    if (c === '(') {
      cut();
      depth += 1;
    } else if (c === ')') {
      depth -= 1;
    } else if (depth > 0) {
      // alternatives are not all there
    } else if (c === '?') {
      piece = piece.slice(0, -1);
      cut();
    } else if (c === '*' || c === ' ' || c === '-') {
      cut();
    } else {
      piece += c;
    }
    i += 1;
  }
  cut();
  const longest = pieces.sort((a, b) => b.length - a.length)[0];
  return longest ? longest.toLowerCase() : null;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
