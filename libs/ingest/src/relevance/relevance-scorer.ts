import type { LearnedEvidence, Relevance, RelevanceMatch, RelevanceVerdict } from '../candidate-events';
import type { ItemText } from './item-text';
import {
  actorSignals,
  DEFAULT_BORDERLINE_MARGIN,
  DEFAULT_RELEVANCE_THRESHOLD,
  DEFAULT_RELEVANCE_WEIGHTS,
  KNOWN_ACTORS,
  lexiconEntries,
  type RelevanceWeights,
  type SignalGroup,
} from './lexicon';
import {
  type ModelAssessment,
  type ModelEvidence,
  type RelevanceModel,
  shippedModel,
} from './model/relevance-model';
import { relevanceFeatures, strongSecurity } from './model/relevance-features';
import { type Hit, TermMatcher } from './term-matcher';

export interface RelevanceOptions {
  /** config.ingest.relevanceThreshold when set; DEFAULT_RELEVANCE_THRESHOLD otherwise. */
  threshold?: number;
  /** config.ingest.relevanceBorderlineMargin when set; DEFAULT_BORDERLINE_MARGIN otherwise. */
  margin?: number;
  weights?: RelevanceWeights;
  /**
   * The learned model (RelevanceModelService.current() in the worker and `feeds try`); the shipped
   * starting point when absent; null for the lexicon alone.
   */
  model?: RelevanceModel | null;
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
 * there, and their weights, less any negative signals, plus what the learned model adds, must reach
 * the threshold; within `margin` below it, the item is borderline (the reviewers' tray). A negative
 * cue never outweighs strong security evidence. Every matched term is reported with its
 * contribution, and the explanation says how the score came about and what taught the model.
 */
export function assessRelevance(item: ItemText, options: RelevanceOptions = {}): Relevance {
  const threshold = options.threshold ?? DEFAULT_RELEVANCE_THRESHOLD;
  const margin = options.margin ?? DEFAULT_BORDERLINE_MARGIN;
  const weights = options.weights ?? DEFAULT_RELEVANCE_WEIGHTS;
  const model = options.model === undefined ? shippedModel() : options.model;
  const matched = evidenceIn(item, weights);

  const totals = Object.fromEntries(
    SCORED.map((group) => [group, groupTotal(matched, group, weights)]),
  ) as Record<ScoredGroup, GroupTotal>;
  const positive = round(totals.china.value + totals['central-asia'].value + totals.security.value);
  // Strong security evidence: trade, culture or sport wording may not pull it under the threshold.
  if (strongSecurity(matched) && positive + totals.negative.value < threshold) {
    const limited = Math.min(0, round(threshold - positive));
    if (limited > totals.negative.value) totals.negative = { value: limited, capped: false, limited: true };
  }
  const lexicon = round(positive + totals.negative.value);
  const missing = REQUIRED.filter((group) => totals[group].value <= 0);
  // Consulted only where it could change the verdict: with two of China, Central Asia and security
  // missing an item is irrelevant whatever the model says (most news is, so this keeps scoring cheap).
  const assessment = missing.length <= 1 ? model?.assess(relevanceFeatures(matched, item.title)) : undefined;
  const score = round(lexicon + (assessment?.points ?? 0));
  const learnedEvidence = assessment && model ? learned(assessment, model) : undefined;
  const verdict: RelevanceVerdict =
    missing.length === 0 && score >= threshold
      ? 'relevant'
      : score >= threshold - margin &&
          (missing.length === 0 || (missing.length === 1 && (assessment?.points ?? 0) > 0))
        ? 'borderline'
        : 'irrelevant';
  const relevance: Relevance = {
    score,
    threshold,
    relevant: verdict === 'relevant',
    verdict,
    matched,
    explanation: explain(matched, totals, lexicon, learnedEvidence, score, threshold, verdict, missing),
  };
  if (model) relevance.modelVersion = model.version;
  if (learnedEvidence) relevance.learned = learnedEvidence;
  if (verdict !== 'irrelevant' && weights === DEFAULT_RELEVANCE_WEIGHTS) remember(item, matched);
  return relevance;
}

/**
 * The lexicon's weighed evidence in an item's text, before any model: what the relevance-model
 * projection learns from. It reads the text of every proposal the poll scored a moment before, in
 * the same append, so the evidence of the last REMEMBERED_TEXTS texts that could propose is kept
 * (the matching is pure: the same text gives the same evidence) and not worked out twice.
 */
export function lexiconEvidence(item: Pick<ItemText, 'title' | 'excerpt'>): RelevanceMatch[] {
  const known = remembered.get(textKey(item));
  return known ? [...known] : evidenceIn(item, DEFAULT_RELEVANCE_WEIGHTS);
}

/** About as many texts as four concurrent polls of a few hundred relevant items propose from. */
const REMEMBERED_TEXTS = 1_024;
const remembered = new Map<string, readonly RelevanceMatch[]>();

function remember(item: Pick<ItemText, 'title' | 'excerpt'>, matched: readonly RelevanceMatch[]): void {
  const key = textKey(item);
  remembered.delete(key);
  remembered.set(key, [...matched]);
  // A Map keeps insertion order: the first key is the longest unused.
  if (remembered.size > REMEMBERED_TEXTS) remembered.delete(remembered.keys().next().value!);
}

function textKey(item: Pick<ItemText, 'title' | 'excerpt'>): string {
  return `${item.title}\u0000${item.excerpt}`;
}

function evidenceIn(item: Pick<ItemText, 'title' | 'excerpt'>, weights: RelevanceWeights): RelevanceMatch[] {
  const hits = resolveAmbiguousActors([
    ...matcher().find(item.title, 'title'),
    ...matcher().find(item.excerpt, 'text'),
  ]);
  return disasterCasualties(weigh(hits, weights));
}

interface GroupTotal {
  value: number;
  capped: boolean;
  /** Negatives held back by strong security evidence. */
  limited?: boolean;
}

/**
 * What taught each feature, per model (a model never changes: decisions make a new one): the
 * same few hundred sentences serve every item, instead of a copy in each item's evidence.
 */
const taughtTexts = new WeakMap<RelevanceModel, Map<string, string>>();

/** The model's evidence as the reviewer reads it: at most eight features, with what taught each. */
function learned(assessment: ModelAssessment, model: RelevanceModel): LearnedEvidence {
  let texts = taughtTexts.get(model);
  if (!texts) taughtTexts.set(model, (texts = new Map<string, string>()));
  const taughtOnce = (e: ModelEvidence): string => {
    const key = `${e.weight > 0 ? '+' : '-'}${e.feature}`;
    let text = texts.get(key);
    if (text === undefined) texts.set(key, (text = taught(e)));
    return text;
  };
  return {
    points: assessment.points,
    against: assessment.against,
    evidence: assessment.evidence
      .filter((e) => e.weight !== 0)
      .map((e) => ({ feature: e.feature, weight: e.weight, taught: taughtOnce(e) })),
  };
}

const REASON_TEXT: Record<string, string> = {
  'trade-only': '"trade only"',
  'no-china': '"no China"',
  'not-central-asia': '"not Central Asia"',
  'not-security': '"not security"',
  other: '',
};

/** "raised by 12 approvals of similar items and 30 labelled relevant corpus items". */
export function taught(e: ModelEvidence): string {
  const raised = e.weight > 0;
  const decided = raised
    ? count(e.decisions.relevant, 'approval')
    : Object.entries(e.decisions)
        .filter(([label, n]) => label !== 'relevant' && (n ?? 0) > 0)
        .map(([label, n]) => count(n, `${REASON_TEXT[label] ? `${REASON_TEXT[label]} ` : ''}rejection`))
        .join(', ');
  const corpusN = raised
    ? (e.corpus.relevant ?? 0)
    : Object.entries(e.corpus).reduce((sum, [label, n]) => sum + (label === 'relevant' ? 0 : (n ?? 0)), 0);
  const parts = [
    decided ? `${decided} of similar items` : '',
    corpusN > 0 ? count(corpusN, `labelled ${raised ? 'relevant' : 'irrelevant'} corpus item`) : '',
  ].filter(Boolean);
  return `${raised ? 'raised' : 'lowered'} by ${parts.join(' and ') || 'the corpus'}`;
}

const count = (n: number | undefined, what: string): string =>
  (n ?? 0) > 0 ? `${n} ${what}${n === 1 ? '' : 's'}` : '';

/** Where a disaster is named, its dead and injured are not security evidence: listed, weight 0. */
function disasterCasualties(matched: RelevanceMatch[]): RelevanceMatch[] {
  if (!matched.some((m) => m.group === 'negative' && m.concept === 'disaster')) return matched;
  return matched.map((m) => (m.group === 'security' && m.concept === 'incident' ? { ...m, weight: 0 } : m));
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

function groupTotal(matched: RelevanceMatch[], group: ScoredGroup, weights: RelevanceWeights): GroupTotal {
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
  totals: Record<ScoredGroup, GroupTotal>,
  lexicon: number,
  learnedEvidence: LearnedEvidence | undefined,
  score: number,
  threshold: number,
  verdict: RelevanceVerdict,
  missing: readonly ScoredGroup[],
): string {
  const parts: string[] = [];
  for (const group of SCORED) {
    const { value, capped, limited } = totals[group];
    if (value === 0) continue;
    const evidence = describe(matched.filter((m) => m.group === group && m.weight !== 0));
    const note = capped ? ', capped' : limited ? ', limited by strong security evidence' : '';
    const amount = `${fmt(Math.abs(value))}${note}`;
    parts.push(
      group === 'negative'
        ? `− ${amount} (${evidence})`
        : `${parts.length > 0 ? '+ ' : ''}${LABEL[group]} ${amount} (${evidence})`,
    );
  }
  let sum = parts.length > 0 ? `${parts.join(' ')} = ${fmt(lexicon)}` : `Nothing matched: score 0`;
  if (learnedEvidence && learnedEvidence.points !== 0 && learnedEvidence.evidence.length > 0) {
    const assessment = learnedEvidence;
    const top = assessment.evidence
      .slice(0, 3)
      .map((e) => `${featureLabel(e.feature)} ${e.weight > 0 ? '+' : ''}${fmt(e.weight)}, ${e.taught}`);
    const against = assessment.against
      ? ` against ${REASON_TEXT[assessment.against] || 'other'} rejections`
      : '';
    sum += `; learned model ${assessment.points > 0 ? '+' : '−'} ${fmt(Math.abs(assessment.points))}${against} (${top.join('; ')}) = ${fmt(score)}`;
  }
  const comparison = `${score >= threshold ? '≥' : '<'} ${fmt(threshold)}`;
  const tray = verdict === 'borderline' ? ', borderline: to the tray' : '';
  if (missing.length > 0) {
    const absent = missing.map((g) => LABEL[g]).join(' or ');
    return `${sum} ${comparison}. No ${absent} term, so not relevant${tray}.`;
  }
  return `${sum} ${comparison}: ${verdict === 'relevant' ? 'relevant' : `not relevant${tray}`}.`;
}

/** "border-security", "title wording", "no China term". */
function featureLabel(feature: string): string {
  if (feature.startsWith('h:')) return `title wording ${feature}`;
  if (feature.startsWith('gate:')) return feature.slice(5);
  return feature.split(':').slice(2).join(':') || feature;
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
