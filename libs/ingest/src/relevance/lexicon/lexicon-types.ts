/**
 * The shape of every lexicon file. A term is written in a small pattern syntax, so that a linguist
 * can extend a list without writing regular expressions:
 *
 * - a Russian word written out matches all its forms by its Snowball stem: `Китай` matches Китая,
 *   Китаем, Китае; `Министерство обороны` Министерства обороны (see term-pattern.ts).
 * - `*` any further letters: `погранич*` matches пограничный, пограничников…; `Kazakh*` Kazakhstan.
 * - `(a|b)` alternatives, `?` the previous character or group is optional: `Кита(й|я|ю|ем|е)`.
 * - a space matches any run of spaces or dashes; `-` an optional space or dash: `counter-terror*`
 *   matches counterterrorism, counter-terrorism and counter terrorism.
 * - a leading `=` matches case-sensitively (`=Xi`, `=Osh`); all-capital terms of up to eight letters
 *   (`SCO`, `ШОС`, `КНР`) always do, so that the English word "rats" is not the SCO's RATS.
 * - `/…/` (optionally `/…/i`) is a raw regular expression, for the rare term that needs a lookahead.
 *
 * Latin and Cyrillic terms only match whole words (letters and digits do not continue them on
 * either side). Chinese has no spaces, so a term with Han characters matches as a substring.
 * Matching folds ё to е and typographic apostrophes to ', so terms are written with е and '.
 */

/** What a matched term stands for. The first four groups make the score. */
export type SignalGroup =
  | 'china'
  | 'central-asia'
  | 'security'
  | 'negative'
  /** a known actor: concept is its canonical name; weight 0 (its country counts in its own group) */
  | 'actor'
  /** a country other than China and the Central Asian five: concept is its ISO code; weight 0 */
  | 'country'
  /** agreements, visits, talks: proposes the 'diplomacy' category; weight 0 */
  | 'diplomacy'
  /** text that must not count, such as the "新华社北京3月12日电" dateline; weight 0 */
  | 'ignored';

export interface Signal {
  group: SignalGroup;
  /** ISO code, 'SCO', a category, 'sport'… */
  concept: string;
  /** Base weight, before the title multiplier; negative for the 'negative' group. */
  weight: number;
}

export interface LexiconEntry {
  terms: readonly string[];
  signals: readonly Signal[];
  /** For an alias several actors share: the candidates, resolved by the countries the item names. */
  actors?: readonly string[];
}

export const entry = (
  group: SignalGroup,
  concept: string,
  weight: number,
  terms: readonly string[],
): LexiconEntry => ({ terms, signals: [{ group, concept, weight }] });
