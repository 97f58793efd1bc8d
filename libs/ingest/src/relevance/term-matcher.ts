import type { LexiconEntry, Signal } from './lexicon';
import { toSimplified } from './simplified';
import { anchorOf, compileTerm, foldForMatching, lowerForMatching, sameStem } from './term-pattern';

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
  stems: readonly string[];
  /** Literal text every match contains (lower case); the expression runs only where it occurs. */
  anchor: string | null;
  entry: LexiconEntry;
}

/** A node of the trie of anchors: the terms whose anchor ends here, and the next characters. */
interface AnchorNode {
  terms: number[] | null;
  next: Map<number, AnchorNode>;
}

/** A lexicon compiled once, then matched against any number of items. */
export class TermMatcher {
  private readonly terms: CompiledTerm[];
  /** Every anchor, character by character: one walk from each position of a text finds them all. */
  private readonly anchors: AnchorNode = { terms: null, next: new Map() };
  /** The trie's first level by UTF-16 code unit, where a walk starts at every position. */
  private readonly firstLevel: (AnchorNode | undefined)[] = new Array<AnchorNode | undefined>(0x10000);
  /** Terms with no anchor (raw expressions): their expression runs on every text. */
  private readonly unanchored: number[] = [];
  /** Which terms were marked present, by the number of the find() that marked them. */
  private readonly marks: Uint32Array;
  private generation = 0;

  /** `prefilter: false` runs every expression on every text (for tests of the prefilter). */
  constructor(
    entries: readonly LexiconEntry[],
    private readonly options: { prefilter?: boolean } = {},
  ) {
    this.terms = entries.flatMap((entry) =>
      entry.terms.map((term) => ({
        ...compileTerm(term),
        anchor: anchorOf(term),
        entry,
      })),
    );
    this.marks = new Uint32Array(this.terms.length);
    this.terms.forEach((term, index) => {
      if (term.anchor === null) {
        this.unanchored.push(index);
        return;
      }
      let node = this.anchors;
      for (let i = 0; i < term.anchor.length; i += 1) {
        const code = term.anchor.charCodeAt(i);
        let next = node.next.get(code);
        if (!next) node.next.set(code, (next = { terms: null, next: new Map() }));
        node = next;
      }
      (node.terms ??= []).push(index);
    });
    for (const [code, node] of this.anchors.next) this.firstLevel[code] = node;
  }

  /**
   * Every term occurrence, then the longest of any overlapping ones: "Ministry of Public Security"
   * is one actor, not also "public security"; "粮食安全" (food security) is economy, not security;
   * "上海合作组织地区反恐怖机构" is RATS. Terms matching exactly the same stretch all count, so a
   * word can stand for two things (中哈: China and Kazakhstan).
   */
  find(written: string, field: Field): Hit[] {
    // Traditional Chinese is read as simplified; the reviewer is shown the text as written when
    // the conversion kept every position (character for character, as it nearly always does).
    const simplified = toSimplified(written);
    const text = simplified.length === written.length ? written : simplified;
    const folded = foldForMatching(simplified);
    const lower = lowerForMatching(folded);
    const raw: Hit[] = [];
    // In lexicon order, as without the prefilter: terms matching one stretch add their signals in it.
    const candidates =
      this.options.prefilter === false ? this.terms.map((_, index) => index) : this.termsPresent(lower);
    for (const index of candidates) {
      const { regex, lowerCase, entry, stems } = this.terms[index]!;
      const subject = lowerCase ? lower : folded;
      regex.lastIndex = 0;
      for (let m = regex.exec(subject); m !== null; m = regex.exec(subject)) {
        if (m[0].length === 0) {
          regex.lastIndex += 1;
          continue;
        }
        if (stems.length > 0 && !stemsAgree(m, stems)) {
          regex.lastIndex = m.index + 1;
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
    if (raw.length === 0) return raw;
    raw.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
    const taken = new Uint8Array(text.length);
    const bySpan = new Map<number, Hit>();
    const width = text.length + 1;
    for (const hit of raw) {
      const span = hit.start * width + hit.end;
      const same = bySpan.get(span);
      if (same) {
        bySpan.set(span, {
          ...same,
          signals: [...same.signals, ...hit.signals],
          actors: same.actors ?? hit.actors,
        });
      } else if (isFree(taken, hit.start, hit.end)) {
        taken.fill(1, hit.start, hit.end);
        bySpan.set(span, hit);
      }
    }
    const kept = [...bySpan.values()];
    return kept.sort((a, b) => a.start - b.start);
  }

  /**
   * The terms whose anchor occurs in the text (and those with none), in lexicon order, found in
   * one pass: from each position, a walk down the trie of anchors as far as the text follows it.
   * An item names a few dozen of the lexicon's ~1,200 terms; the others never reach their regular
   * expression.
   */
  private termsPresent(lower: string): number[] {
    this.generation = (this.generation + 1) >>> 0;
    if (this.generation === 0) {
      this.marks.fill(0);
      this.generation = 1;
    }
    const generation = this.generation;
    // Unanchored terms are not in the trie, so never marked twice.
    const present = [...this.unanchored];
    const { firstLevel, marks } = this;
    for (let i = 0; i < lower.length; i += 1) {
      let node = firstLevel[lower.charCodeAt(i)];
      for (let j = i + 1; node !== undefined; j += 1) {
        if (node.terms !== null) {
          for (const index of node.terms) {
            if (marks[index] !== generation) {
              marks[index] = generation;
              present.push(index);
            }
          }
        }
        if (j >= lower.length || node.next.size === 0) break;
        node = node.next.get(lower.charCodeAt(j));
      }
    }
    return present.sort((a, b) => a - b);
  }
}

/** Each Russian word of the term has its stem in the text: "Астана" in Астане, not in Астахов. */
function stemsAgree(m: RegExpExecArray, stems: readonly string[]): boolean {
  return stems.every((stem, i) => {
    const word = m.groups?.[`s${i}`];
    return word === undefined || sameStem(word, stem);
  });
}

function isFree(taken: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i += 1) if (taken[i] === 1) return false;
  return true;
}
