import type { LexiconEntry, Signal } from './lexicon';
import { anchorOf, compileTerm, foldForMatching, lowerForMatching } from './term-pattern';

export type Field = 'title' | 'text';

/** One stretch of an item's text that a lexicon term matched. */
export interface Hit {
  field: Field;
  start: number;
  end: number;
  /** As written in the item. */
  text: string;
  signals: readonly Signal[];
  /** Candidate actors of an ambiguous alias, still to be resolved (see AMBIGUOUS_ALIASES). */
  actors?: readonly string[];
}

interface CompiledTerm {
  regex: RegExp;
  lowerCase: boolean;
  /** Literal text every match contains (lower case); the expression runs only where it occurs. */
  anchor: string | null;
  entry: LexiconEntry;
}

/** Terms are looked up by the first characters of their anchor: at most this many. */
const GRAM = 3;

/** A lexicon compiled once, then matched against any number of items. */
export class TermMatcher {
  private readonly terms: CompiledTerm[];
  private readonly byGram = new Map<string, CompiledTerm[]>();

  /** `prefilter: false` runs every expression on every text (for tests of the prefilter). */
  constructor(
    entries: readonly LexiconEntry[],
    private readonly options: { prefilter?: boolean } = {},
  ) {
    this.terms = entries.flatMap((entry) =>
      entry.terms.map((term) => ({
        ...compileTerm(term, { inflect: entry.inflect }),
        anchor: anchorOf(term, { inflect: entry.inflect }),
        entry,
      })),
    );
    for (const term of this.terms) {
      if (term.anchor === null) continue;
      const gram = term.anchor.slice(0, GRAM);
      this.byGram.set(gram, [...(this.byGram.get(gram) ?? []), term]);
    }
  }

  /**
   * Every term occurrence, then the longest of any overlapping ones: "Ministry of Public Security"
   * is one actor, not also "public security"; "粮食安全" (food security) is economy, not security;
   * "上海合作组织地区反恐怖机构" is RATS. Terms matching exactly the same stretch all count, so a
   * word can stand for two things (中哈: China and Kazakhstan).
   */
  find(text: string, field: Field): Hit[] {
    const folded = foldForMatching(text);
    const lower = lowerForMatching(folded);
    const present = this.termsPresent(lower);
    const raw: Hit[] = [];
    for (const term of this.terms) {
      if (this.options.prefilter !== false && term.anchor !== null && !present.has(term)) continue;
      const { regex, lowerCase, entry } = term;
      const subject = lowerCase ? lower : folded;
      regex.lastIndex = 0;
      for (let m = regex.exec(subject); m !== null; m = regex.exec(subject)) {
        if (m[0].length === 0) {
          regex.lastIndex += 1;
          continue;
        }
        const start = m.index;
        const end = start + m[0].length;
        raw.push({
          field,
          start,
          end,
          text: text.slice(start, end),
          signals: entry.signals,
          actors: entry.actors,
        });
      }
    }
    raw.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
    const taken = new Uint8Array(text.length);
    const bySpan = new Map<string, Hit>();
    for (const hit of raw) {
      const span = `${hit.start}:${hit.end}`;
      const same = bySpan.get(span);
      if (same) {
        bySpan.set(span, {
          ...same,
          signals: [...same.signals, ...hit.signals],
          actors: same.actors ?? hit.actors,
        });
      } else if (!taken.subarray(hit.start, hit.end).includes(1)) {
        taken.fill(1, hit.start, hit.end);
        bySpan.set(span, hit);
      }
    }
    const kept = [...bySpan.values()];
    return kept.sort((a, b) => a.start - b.start);
  }

  /**
   * The terms whose anchor occurs in the text, found in one pass: at each position, only the
   * terms whose anchor starts with the next one to three characters are checked. An item names
   * a few dozen of the lexicon's ~1,200 terms; the others never reach their regular expression.
   */
  private termsPresent(lower: string): Set<CompiledTerm> {
    const present = new Set<CompiledTerm>();
    for (let i = 0; i < lower.length; i += 1) {
      for (let n = 1; n <= GRAM && i + n <= lower.length; n += 1) {
        for (const term of this.byGram.get(lower.slice(i, i + n)) ?? []) {
          if (!present.has(term) && lower.startsWith(term.anchor ?? '', i)) present.add(term);
        }
      }
    }
    return present;
  }
}
