/**
 * The knobs of the score. An item is relevant when China, Central Asia and a security subject all
 * matched and china + central-asia + security + negative ≥ the threshold (config.ingest
 * .relevanceThreshold, else DEFAULT_RELEVANCE_THRESHOLD).
 *
 * Each concept (CN, KZ, SCO, border-security, sport…) counts once, at its best occurrence; a term
 * in the title weighs `titleMultiplier` times as much. Caps keep one group from carrying an item
 * alone: three mentions of China do not make up for a missing security subject.
 */
export interface RelevanceWeights {
  titleMultiplier: number;
  caps: { china: number; centralAsia: number; security: number; negative: number };
}

export const DEFAULT_RELEVANCE_WEIGHTS: RelevanceWeights = {
  titleMultiplier: 1.5,
  caps: { china: 1.5, centralAsia: 1.5, security: 2, negative: -2.5 },
};

/**
 * One plain mention each of China, a Central Asian state and a security term (1 + 1 + 1) passes
 * with room to spare; a bare "security" / "безопасность" / "安全" (0.5) just reaches it. Any trade,
 * sport, culture or relief wording then pulls such an item under.
 */
export const DEFAULT_RELEVANCE_THRESHOLD = 2.5;

/**
 * Items scoring within this much below the threshold go to the borderline tray rather than nowhere
 * (config.ingest.relevanceBorderlineMargin overrides it): one weak term short of relevant.
 */
export const DEFAULT_BORDERLINE_MARGIN = 1;

/**
 * Security evidence this strong (a strong term in the title; a strong and a medium one in the
 * text), casualties and the bare word "security" aside, is never outweighed by negative cues.
 */
export const STRONG_SECURITY = 1.5;
