import { z } from 'zod';

/**
 * The one rule for characters in text the product takes in: tab and newline are the only control
 * characters allowed. NUL, the other C0 controls (U+0001–U+001F, carriage return included), DEL and
 * the C1 controls (U+007F–U+009F) are not text; a lone UTF-16 surrogate is not a character at all.
 * PostgreSQL refuses NUL and broken UTF-16 outright, XML 1.0 cannot carry them, and spreadsheets and
 * terminals act on them, so they are refused at the door (the API) and removed on the way out (the
 * exports), the same on every database.
 */
const FORBIDDEN =
  // eslint-disable-next-line no-control-regex -- naming control characters is the purpose of this rule
  /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const FORBIDDEN_ALL = new RegExp(FORBIDDEN.source, 'g');

/** What is wrong with a text under the rule, for a person ("contains U+0000 at character 4"), or undefined. */
export function textProblem(value: string): string | undefined {
  const match = FORBIDDEN.exec(value);
  if (!match) return undefined;
  const code = match[0].charCodeAt(0);
  const name = code >= 0xd800 && code <= 0xdfff ? 'a lone surrogate' : 'a control character';
  return `contains ${name} (U+${code.toString(16).toUpperCase().padStart(4, '0')} at character ${match.index + 1}); only tab and newline are allowed`;
}

/** The text with every character the rule refuses removed (for output built from stored text). */
export function withoutForbiddenCharacters(value: string): string {
  return FORBIDDEN.test(value) ? value.replace(FORBIDDEN_ALL, '') : value;
}

/**
 * Characters that draw nothing: white space, format characters (zero-width space and joiners, the
 * byte order mark, bidi marks) and the fillers that render blank (Hangul, braille blank).
 */
// eslint-disable-next-line no-misleading-character-class -- U+034F is listed alone, on purpose
const INVISIBLE = /^[\s\p{Cf}\p{Z}\p{Cc}\u115F\u1160\u3164\uFFA0\u2800\u034F\u180E]*$/u;

export function hasVisibleCharacter(value: string): boolean {
  return !INVISIBLE.test(value);
}

/**
 * A string under the text rule: what every body and query schema uses for free text, so a refusal
 * is a 400 naming the field on the API, whichever database is behind it.
 */
export function text(params?: Parameters<typeof z.string>[0]) {
  return z.string(params).check((ctx) => {
    const problem = textProblem(ctx.value);
    if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value, continue: false });
  });
}

/** A text that must show something: a title of only spaces or zero-width characters says nothing. */
export function visibleText() {
  return text().refine(hasVisibleCharacter, { message: 'must contain visible characters', abort: true });
}
