import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { z } from 'zod';

import type { RejectionReason } from '../../candidate-events';

/**
 * The learned part of relevance: naive Bayes over the evidence features of relevance-features.ts,
 * with one class for relevant items and one per reason a reviewer rejects for. Everything it knows
 * is counts (how many items of each class showed each feature), so a decision is a cheap increment
 * and the model is a projection of the log (relevance-model.projection.ts). The shipped starting
 * point is counts from the tuning half of the labelled corpus (relevance-model.json); reviewer
 * decisions are added to them.
 *
 * It scores an item by log-odds: the relevant class against the negative class the item most
 * resembles ("trade only" rejections, say). It is Bernoulli naive Bayes: a feature's absence counts
 * too, through a per-class constant, so small classes are not favoured by features they never saw.
 * Each present feature contributes its own log-ratio, so every piece of evidence has a weight the
 * reviewer can read, and the counts behind it say what taught it.
 */
export const MODEL_LABELS = [
  'relevant',
  'trade-only',
  'no-china',
  'not-central-asia',
  'not-security',
  'other',
] as const;
export type ModelLabel = (typeof MODEL_LABELS)[number];
export type NegativeLabel = Exclude<ModelLabel, 'relevant'>;
export const NEGATIVE_LABELS: readonly NegativeLabel[] = [
  'trade-only',
  'no-china',
  'not-central-asia',
  'not-security',
  'other',
];
const RELEVANT = 0;

/** What a rejection teaches: its reason's class; a duplicate says nothing about relevance. */
/** `reasonCode` is a RejectionReason, or absent on rejections written before reasons had codes. */
export function labelOfRejection(reasonCode: string | null | undefined): ModelLabel | null {
  const reason = reasonCode as RejectionReason | null | undefined;
  if (reason === 'duplicate') return null;
  if (reasonCode === 'not-central-asia' || reasonCode === 'no-china' || reasonCode === 'trade-only')
    return reasonCode;
  if (reasonCode === 'not-security') return 'not-security';
  return 'other';
}

/** The corpus's near-miss kinds, as the rejection reason a reviewer would give. */
export function labelOfNearMiss(nearMiss: string | null | undefined): Exclude<ModelLabel, 'relevant'> {
  switch (nearMiss) {
    case 'trade-only':
    case 'energy-transport':
      return 'trade-only';
    case 'russia-csto':
    case 'ca-no-china':
      return 'no-china';
    case 'afghanistan-only':
    case 'china-elsewhere':
    case 'xinjiang-only':
      return 'not-central-asia';
    case 'culture':
    case 'sport':
    case 'disaster':
      return 'not-security';
    default:
      return 'other';
  }
}

/** Feature counts per class; `docs` counts the items of each class. */
export interface ModelCounts {
  docs: Partial<Record<ModelLabel, number>>;
  features: Record<string, Partial<Record<ModelLabel, number>>>;
}

export const emptyCounts = (): ModelCounts => ({ docs: {}, features: {} });

/** Adds one labelled item (or takes it away, with sign -1). */
export function addExample(
  counts: ModelCounts,
  features: readonly string[],
  label: ModelLabel,
  sign = 1,
): void {
  counts.docs[label] = (counts.docs[label] ?? 0) + sign;
  for (const feature of features) {
    const row = (counts.features[feature] ??= {});
    row[label] = (row[label] ?? 0) + sign;
  }
}

export function countExamples(
  examples: readonly { features: readonly string[]; label: ModelLabel }[],
): ModelCounts {
  const counts = emptyCounts();
  for (const { features, label } of examples) addExample(counts, features, label);
  return counts;
}

const countsSchema = z.object({
  docs: z.partialRecord(z.enum(MODEL_LABELS), z.number().int().min(0)),
  features: z.record(z.string(), z.partialRecord(z.enum(MODEL_LABELS), z.number().int().min(0))),
});

/** How the counts become score points; tuned on the tuning half with the lexicon (see test/eval). */
const settingsSchema = z.object({
  /** Laplace smoothing. */
  alpha: z.number().positive(),
  /** Score points per unit of log-odds. */
  pointsPerLogOdds: z.number().min(0),
  /** The most the model may add to or take from the lexicon's score. */
  cap: z.number().min(0),
  /** Hashed title terms count this much of a lexicon feature (there are many, each weak). */
  hashedWeight: z.number().min(0),
});
export type ModelSettings = z.infer<typeof settingsSchema>;

export const modelFileSchema = z.object({
  format: z.literal('relevance-model/1'),
  description: z.string(),
  settings: settingsSchema,
  counts: countsSchema,
});
export type ModelFile = z.infer<typeof modelFileSchema>;

/** What the model says about one item. */
export interface ModelAssessment {
  version: string;
  /** Score points added to the lexicon's score (capped). */
  points: number;
  /** The negative class the item most resembles. */
  against: Exclude<ModelLabel, 'relevant'> | null;
  /** The strongest features (at most EVIDENCE_SHOWN), strongest first. */
  evidence: ModelEvidence[];
}

export interface ModelEvidence {
  feature: string;
  /** Score points before the cap. */
  weight: number;
  /** Reviewer decisions that showed this feature, by class (what taught it, beyond the corpus). */
  decisions: Partial<Record<ModelLabel, number>>;
  /** Corpus items of the starting point that showed it, by class. */
  corpus: Partial<Record<ModelLabel, number>>;
}

/** The version of a starting point: its content's hash, so two different files never share one. */
export function baseVersion(file: ModelFile): string {
  return `nb-${createHash('sha256').update(JSON.stringify(file)).digest('hex').slice(0, 10)}`;
}

export class RelevanceModel {
  readonly version: string;
  private readonly settings: ModelSettings;
  /**
   * Per feature seen, by class index: log θ − log(1 − θ), what its presence adds to the class's
   * log-likelihood beyond the class constant.
   */
  private readonly presence = new Map<string, { feature: string; row: Float64Array }>();
  /** Per class: log prior + Σ log(1 − θ) over every feature seen (all absent), lexicon and hashed apart. */
  private readonly constant: Float64Array;
  private readonly hashedConstant: Float64Array;
  private readonly trained: boolean;

  constructor(
    readonly base: ModelFile,
    readonly decisions: ModelCounts = emptyCounts(),
    decisionCount = 0,
    version = baseVersion(base),
  ) {
    this.version = decisionCount === 0 ? version : `${version}+${decisionCount}`;
    this.settings = base.settings;
    const { alpha } = this.settings;
    const docs = MODEL_LABELS.map((l) => Math.max(0, (base.counts.docs[l] ?? 0) + (decisions.docs[l] ?? 0)));
    const negatives = docs.slice(1).reduce((a, b) => a + b, 0);
    this.trained = docs[RELEVANT]! > 0 && negatives > 0;
    // The relevant class against the pooled negatives; each negative class within the negatives.
    this.constant = Float64Array.from(docs, (n, i) =>
      i === RELEVANT
        ? Math.log((n + alpha) / (negatives + alpha))
        : Math.log((n + alpha) / (negatives + alpha * NEGATIVE_LABELS.length)),
    );
    this.hashedConstant = new Float64Array(MODEL_LABELS.length);
    const features = new Set([...Object.keys(base.counts.features), ...Object.keys(decisions.features)]);
    for (const feature of features) {
      const a = base.counts.features[feature] ?? {};
      const b = decisions.features[feature] ?? {};
      const weights = new Float64Array(MODEL_LABELS.length);
      let seen = 0;
      const constant = feature.startsWith('h:') ? this.hashedConstant : this.constant;
      MODEL_LABELS.forEach((label, i) => {
        const n = Math.max(0, (a[label] ?? 0) + (b[label] ?? 0));
        seen += n;
        const theta = (n + alpha) / (docs[i]! + 2 * alpha);
        weights[i] = Math.log(theta) - Math.log(1 - theta);
        constant[i]! += Math.log(1 - theta);
      });
      if (seen > 0) this.presence.set(feature, { feature, row: weights });
    }
  }

  /** At most this many features are reported, strongest first. */
  static readonly EVIDENCE_SHOWN = 8;

  assess(features: readonly string[]): ModelAssessment {
    if (!this.trained) return { version: this.version, points: 0, against: null, evidence: [] };
    const { hashedWeight, pointsPerLogOdds, cap } = this.settings;
    const k = MODEL_LABELS.length;
    const known: string[] = [];
    const rows: Float64Array[] = [];
    const scales: number[] = [];
    const sums = new Float64Array(k);
    for (let c = 0; c < k; c += 1) sums[c] = this.constant[c]! + hashedWeight * this.hashedConstant[c]!;
    for (const feature of features) {
      const seen = this.presence.get(feature);
      if (!seen) continue;
      const { row } = seen;
      const scale = feature.startsWith('h:') ? hashedWeight : 1;
      // The model's own copy of the name: the evidence of thousands of items shares it.
      known.push(seen.feature);
      rows.push(row);
      scales.push(scale);
      for (let c = 0; c < k; c += 1) sums[c]! += scale * row[c]!;
    }
    // The negative class the item most resembles.
    let best = 1;
    for (let c = 2; c < k; c += 1) if (sums[c]! > sums[best]!) best = c;
    const logOdds = sums[RELEVANT]! - sums[best]!;
    const weights = rows.map((row, j) =>
      round(scales[j]! * (row[RELEVANT]! - row[best]!) * pointsPerLogOdds),
    );
    // Plain comparisons (not localeCompare): this runs for every item scored.
    const order = weights
      .map((_, j) => j)
      .sort(
        (x, y) =>
          Math.abs(weights[y]!) - Math.abs(weights[x]!) ||
          (known[x]! < known[y]! ? -1 : known[x]! > known[y]! ? 1 : 0),
      )
      .slice(0, RelevanceModel.EVIDENCE_SHOWN);
    const evidence: ModelEvidence[] = order.map((j) => ({
      feature: known[j]!,
      weight: weights[j]!,
      decisions: this.decisions.features[known[j]!] ?? {},
      corpus: this.base.counts.features[known[j]!] ?? {},
    }));
    const points = round(Math.max(-cap, Math.min(cap, logOdds * pointsPerLogOdds)));
    return { version: this.version, points, against: NEGATIVE_LABELS[best - 1]!, evidence };
  }
}

export class RelevanceModelFileError extends Error {
  constructor(
    readonly path: string,
    why: string,
  ) {
    super(`Relevance model file ${path}: ${why}`);
    this.name = 'RelevanceModelFileError';
  }
}

/** Reads and checks a model file; a missing or corrupt one is an error that names it. */
export function readModelFile(path: string): ModelFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new RelevanceModelFileError(path, code === 'ENOENT' ? 'no such file' : (error as Error).message);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new RelevanceModelFileError(path, `not JSON (${(error as Error).message})`);
  }
  const parsed = modelFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new RelevanceModelFileError(path, `${issue.path.join('.') || 'the file'}: ${issue.message}`);
  }
  return parsed.data;
}

/** The starting point shipped with the code (trained by `npm run eval:relevance -- --train`). */
export const SHIPPED_MODEL_FILE = join(__dirname, 'relevance-model.json');

let shipped: RelevanceModel | undefined;
/** The shipped starting point with no decisions: what scores when no model is given. */
export function shippedModel(): RelevanceModel {
  return (shipped ??= new RelevanceModel(readModelFile(SHIPPED_MODEL_FILE)));
}

const round = (n: number): number => Math.round(n * 100) / 100;
