import type { Relevance, RelevanceMatch } from '../candidate-events';
import type { ItemText } from './item-text';
import {
  actorSignals,
  DEFAULT_RELEVANCE_THRESHOLD,
  DEFAULT_RELEVANCE_WEIGHTS,
  KNOWN_ACTORS,
  lexiconEntries,
  type RelevanceWeights,
  type SignalGroup,
} from './lexicon';
import { type Hit, TermMatcher } from './term-matcher';

export interface RelevanceOptions {
  /** config.ingest.relevanceThreshold when set; DEFAULT_RELEVANCE_THRESHOLD otherwise. */
  threshold?: number;
  weights?: RelevanceWeights;
}

/** The groups that make the score, in the order the explanation names them. */
const SCORED = ['china', 'central-asia', 'security', 'negative'] as const;
type ScoredGroup = (typeof SCORED)[number];
const REQUIRED: readonly ScoredGroup[] = ['china', 'central-asia', 'security'];
const GROUP_ORDER: readonly SignalGroup[] = [...SCORED, 'actor', 'country', 'diplomacy', 'ignored'];
const LABEL: Record<ScoredGroup, string> = {
  china: 'China',
  'central-asia': 'Central Asia',
  security: 'security',
  negative: 'negatives',
};

let defaultMatcher: TermMatcher | undefined;
/** Compiled on first use (about 1,200 patterns), then shared. */
const matcher = (): TermMatcher => (defaultMatcher ??= new TermMatcher(lexiconEntries()));

/**
 * Is this China–Central Asia security news? China, Central Asia and a security subject must all be
 * there, and their weights, less any negative signals, must reach the threshold. Every matched
 * term is reported with its contribution, and the explanation says how the score came about.
 */
export function assessRelevance(item: ItemText, options: RelevanceOptions = {}): Relevance {
  const threshold = options.threshold ?? DEFAULT_RELEVANCE_THRESHOLD;
  const weights = options.weights ?? DEFAULT_RELEVANCE_WEIGHTS;
  const hits = resolveAmbiguousActors([
    ...matcher().find(item.title, 'title'),
    ...matcher().find(item.excerpt, 'text'),
  ]);
  const matched = weigh(hits, weights);

  const totals = Object.fromEntries(
    SCORED.map((group) => [group, groupTotal(matched, group, weights)]),
  ) as Record<ScoredGroup, { value: number; capped: boolean }>;
  const score = round(SCORED.reduce((sum, group) => sum + totals[group].value, 0));
  const missing = REQUIRED.filter((group) => totals[group].value <= 0);
  const relevant = missing.length === 0 && score >= threshold;
  return {
    score,
    threshold,
    relevant,
    matched,
    explanation: explain(matched, totals, score, threshold, missing),
  };
}

/** "ГКНБ" is Kyrgyz or Tajik: whichever country the item names. */
function resolveAmbiguousActors(hits: Hit[]): Hit[] {
  const named = new Set(hits.flatMap((h) => h.signals.map((s) => s.concept)));
  return hits.map((hit) => {
    if (!hit.actors || hit.actors.length === 0) return hit;
    const chosen =
      hit.actors.find((name) => KNOWN_ACTORS.get(name)?.countries.some((c) => named.has(c))) ?? hit.actors[0];
    return { ...hit, signals: [...hit.signals, ...(chosen ? actorSignals(chosen) : [])], actors: undefined };
  });
}

/**
 * One match per term, group and concept. In the scored groups a concept counts once, at its
 * strongest occurrence (a title occurrence weighs titleMultiplier times more); its other terms
 * are listed with weight 0 so the reviewer still sees them.
 */
function weigh(hits: Hit[], weights: RelevanceWeights): RelevanceMatch[] {
  const all: (RelevanceMatch & { order: number })[] = [];
  hits.forEach((hit, order) => {
    for (const signal of hit.signals) {
      const scored = (SCORED as readonly string[]).includes(signal.group);
      const factor = scored && hit.field === 'title' ? weights.titleMultiplier : 1;
      all.push({
        term: hit.text,
        group: signal.group,
        field: hit.field,
        weight: scored ? round(signal.weight * factor) : 0,
        concept: signal.concept,
        order,
      });
    }
  });
  all.sort(
    (a, b) =>
      GROUP_ORDER.indexOf(a.group as SignalGroup) - GROUP_ORDER.indexOf(b.group as SignalGroup) ||
      Math.abs(b.weight) - Math.abs(a.weight) ||
      a.order - b.order,
  );
  const counted = new Set<string>();
  const listed = new Set<string>();
  const matched: RelevanceMatch[] = [];
  for (const { order: _order, ...match } of all) {
    const key = `${match.group}\u0000${match.concept}`;
    const termKey = `${key}\u0000${match.term.toLowerCase()}`;
    if (listed.has(termKey)) continue;
    listed.add(termKey);
    matched.push(counted.has(key) ? { ...match, weight: 0 } : match);
    counted.add(key);
  }
  return matched;
}

function groupTotal(
  matched: RelevanceMatch[],
  group: ScoredGroup,
  weights: RelevanceWeights,
): { value: number; capped: boolean } {
  const sum = round(matched.filter((m) => m.group === group).reduce((s, m) => s + m.weight, 0));
  const cap = {
    china: weights.caps.china,
    'central-asia': weights.caps.centralAsia,
    security: weights.caps.security,
    negative: weights.caps.negative,
  }[group];
  if (group === 'negative') return sum < cap ? { value: cap, capped: true } : { value: sum, capped: false };
  return sum > cap ? { value: cap, capped: true } : { value: sum, capped: false };
}

function explain(
  matched: RelevanceMatch[],
  totals: Record<ScoredGroup, { value: number; capped: boolean }>,
  score: number,
  threshold: number,
  missing: readonly ScoredGroup[],
): string {
  const parts: string[] = [];
  for (const group of SCORED) {
    const { value, capped } = totals[group];
    if (value === 0) continue;
    const evidence = describe(matched.filter((m) => m.group === group && m.weight !== 0));
    const amount = `${fmt(Math.abs(value))}${capped ? ', capped' : ''}`;
    parts.push(
      group === 'negative'
        ? `− ${amount} (${evidence})`
        : `${parts.length > 0 ? '+ ' : ''}${LABEL[group]} ${amount} (${evidence})`,
    );
  }
  const sum = parts.length > 0 ? `${parts.join(' ')} = ${fmt(score)}` : `Nothing matched: score 0`;
  const comparison = `${score >= threshold ? '≥' : '<'} ${fmt(threshold)}`;
  if (missing.length > 0) {
    const absent = missing.map((g) => LABEL[g]).join(' or ');
    return `${sum} ${comparison}. No ${absent} term, so not relevant.`;
  }
  return `${sum} ${comparison}: ${score >= threshold ? 'relevant' : 'not relevant'}.`;
}

/** "CN: 中方 (title); TJ: Таджикистан" — at most three concepts, two terms each. */
function describe(matches: RelevanceMatch[]): string {
  const byConcept = new Map<string, RelevanceMatch[]>();
  for (const m of matches) byConcept.set(m.concept ?? '', [...(byConcept.get(m.concept ?? '') ?? []), m]);
  const shown = [...byConcept.entries()].slice(0, 3).map(([concept, ms]) => {
    const terms = ms.slice(0, 2).map((m) => (m.field === 'title' ? `${m.term}, title` : m.term));
    return `${concept}: ${terms.join('; ')}`;
  });
  return byConcept.size > 3 ? `${shown.join('; ')}…` : shown.join('; ');
}

const round = (n: number): number => Math.round(n * 100) / 100;
const fmt = (n: number): string => String(round(n));
