import type { RelevanceMatch } from '../../candidate-events';
import { STRONG_SECURITY } from '../lexicon';
import { toSimplified } from '../simplified';
import { foldForMatching, russianStem } from '../term-pattern';

/**
 * What the learned model reads of an item (see relevance-model.ts): the lexicon's evidence, by group
 * and concept (`c:security:border-security`, `c:country:AF`, `c:actor:Shanghai Cooperation
 * Organisation`), which of China, Central Asia and security are missing (`gate:no-china`…), and a
 * few hashed terms of the title (`h:1234`: words by stem, Chinese by pairs of characters), so that
 * a reviewer's decisions teach it also about wording the lexicon does not know.
 */
export const HASH_BUCKETS = 4096;

const GROUPS_READ = new Set([
  'china',
  'central-asia',
  'security',
  'negative',
  'actor',
  'country',
  'diplomacy',
]);

export function relevanceFeatures(matched: readonly RelevanceMatch[], title: string): string[] {
  const features = new Set<string>();
  const present = new Set<string>();
  for (const m of matched) {
    if (!GROUPS_READ.has(m.group)) continue;
    features.add(`c:${m.group}:${m.concept ?? m.term}`);
    if (m.weight > 0 || m.group === 'actor') present.add(m.group);
  }
  features.add(
    present.has('china') && present.has('central-asia') && present.has('security')
      ? 'gate:all'
      : `gate:no-${['china', 'central-asia', 'security'].filter((g) => !present.has(g)).join('-')}`,
  );
  if (strongSecurity(matched)) features.add('gate:strong-security');
  for (const term of titleTerms(title)) features.add(`h:${hash(term) % HASH_BUCKETS}`);
  // In the order found: deterministic for the same item and code, which is all the model needs.
  return [...features];
}

/** Casualties (floods kill too) and the bare word "security" are not strong evidence by themselves. */
export function strongSecurity(matched: readonly RelevanceMatch[]): boolean {
  let sum = 0;
  for (const m of matched) {
    if (m.group === 'security' && m.concept !== 'incident' && m.concept !== 'security') sum += m.weight;
  }
  return sum >= STRONG_SECURITY;
}

/** Title words of three letters or more (Russian by Snowball stem, others cut to six letters), Chinese character pairs. */
export function titleTerms(title: string): string[] {
  const text = foldForMatching(toSimplified(title)).toLowerCase();
  const terms: string[] = [];
  for (const [word] of text.matchAll(/[a-z\u00c0-\u024f]{3,}|[\u0400-\u052f]{3,}|[\u3400-\u9fff]+/gu)) {
    if (/^[\u3400-\u9fff]/u.test(word)) {
      for (let i = 0; i + 1 < word.length; i += 1) terms.push(word.slice(i, i + 2));
    } else if (/^[\u0400-\u052f]/u.test(word)) {
      terms.push(russianStem(word));
    } else {
      terms.push(word.slice(0, 6));
    }
  }
  return terms;
}

/** FNV-1a, 32 bits: stable across processes and versions, so a stored model keeps its meaning. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
