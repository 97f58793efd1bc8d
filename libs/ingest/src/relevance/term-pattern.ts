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
/** Cyrillic endings dropped before an inflection wildcard: Народная → Народн…, Китая → Кит… */
const RUSSIAN_ENDING = /[аяоеиыуюйь]{1,2}$/u;

/**
 * Matching runs on a copy of the text in which ё is е and typographic apostrophes are ', so that
 * terms need not spell both. Every replacement keeps the length, so positions stay those of the
 * original text and the reviewer is shown the term as it was written.
 */
export function foldForMatching(text: string): string {
  return text.replace(/[ёЁ’‘ʼ`´\u00a0]/gu, (c) =>
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
}

export function compileTerm(term: string, options: { inflect?: boolean } = {}): CompiledTerm {
  const raw = RAW.exec(term);
  if (raw) return { regex: new RegExp(raw[1] ?? '', `gu${raw[2] ?? ''}`), lowerCase: false };

  const forcedCase = term.startsWith('=');
  const body = foldForMatching(forcedCase ? term.slice(1) : term);
  if (body.length === 0) throw new Error(`Empty lexicon term: "${term}"`);
  const letters = body.match(/\p{L}/gu) ?? [];
  const caseSensitive =
    forcedCase || (letters.length > 0 && letters.length <= 8 && !/\p{Ll}/u.test(body) && !HAN.test(body));

  // Inflection needs to see the case the term was written in (acronyms do not decline).
  let source = translate(body, options.inflect === true, !caseSensitive);
  if (!HAN.test(body)) source = `${BEFORE}${source}${AFTER}`;
  return { regex: new RegExp(source, 'gu'), lowerCase: !caseSensitive };
}

function translate(body: string, inflect: boolean, lower: boolean): string {
  const cased = (text: string) => (lower ? text.toLowerCase() : text);
  let out = '';
  let i = 0;
  while (i < body.length) {
    const c = body[i] ?? '';
    const word = /^\p{Script=Cyrillic}+/u.exec(body.slice(i));
    if (word) {
      const next = body[i + word[0].length];
      out += inflect && next !== '*' && next !== '(' ? inflected(word[0], cased) : escape(cased(word[0]));
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
export function anchorOf(term: string, options: { inflect?: boolean } = {}): string | null {
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
      const next = body[i + word[0].length];
      const declines = options.inflect === true && next !== '*' && next !== '(' && next !== '?';
      if (declines && word[0].length >= 4 && /\p{Ll}/u.test(word[0])) {
        piece += word[0].replace(RUSSIAN_ENDING, '');
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

/** Russian words decline; a name written in the nominative should also match its other cases. */
function inflected(word: string, cased: (text: string) => string): string {
  if (word.length < 4 || !/\p{Ll}/u.test(word)) return escape(cased(word));
  return `${escape(cased(word.replace(RUSSIAN_ENDING, '')))}${LETTER}{0,3}`;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
