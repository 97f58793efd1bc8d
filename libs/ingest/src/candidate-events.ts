import type { Category, CountryCode, EntryDate, Place } from '@app/timeline';

/**
 * The events ingest writes to `candidate-<id>` streams (DESIGN.md section 4). The review library
 * reads them into its queue and appends the decisions (CandidateApproved, CandidateRejected,
 * CandidateMerged) to the same streams; a reviewer's own proposal is a CandidateProposed too.
 */

/** One news item as it reached us, cleaned: the evidence a reviewer reads. */
export interface CandidateItem {
  /** The feed it came from; null when a reviewer proposed it by hand. */
  feedId: string | null;
  feedTitle: string | null;
  /** The feed's GUID, or a fallback derived from the link or the title and date (see guidIsFallback). */
  guid: string;
  guidIsFallback: boolean;
  /** Canonical link: tracking parameters and fragment dropped. */
  link: string | null;
  title: string;
  /** Plain text from the item's summary or content, whitespace folded, at most 2,000 characters. */
  excerpt: string;
  /** ISO time; the fetch time when the feed gave none (then publishedAtEstimated is true). */
  publishedAt: string;
  publishedAtEstimated: boolean;
  /** 'en', 'ru', 'zh'… as detected from the text; null when unsure. */
  language: string | null;
  fetchedAt: string;
}

/** One matched term and what it contributed: the reviewer sees why an item scored. */
export interface RelevanceMatch {
  /** The text as it appeared in the item. */
  term: string;
  /** What it stands for: 'china', 'central-asia', 'security', 'negative'… and, for extraction, the tag. */
  group: string;
  /** Where it was found. */
  field: 'title' | 'text';
  /** Its contribution to the score (negative for terms that count against relevance). */
  weight: number;
  /** The concept it was recognised as, e.g. 'KZ', 'SCO', 'counter-terrorism'. */
  concept?: string;
}

/**
 * `relevant` items go to the review queue; `borderline` ones (within the configured margin below the
 * threshold) to the borderline tray, where a reviewer can promote them; `irrelevant` ones nowhere.
 */
export type RelevanceVerdict = 'relevant' | 'borderline' | 'irrelevant';

export interface Relevance {
  score: number;
  threshold: number;
  /** True exactly when `verdict` is 'relevant'. */
  relevant: boolean;
  /** Absent on events written before the borderline tray existed: read it with `relevanceVerdict`. */
  verdict?: RelevanceVerdict;
  /** The relevance model that scored the item (absent on older events). */
  modelVersion?: string;
  matched: RelevanceMatch[];
  /** What the learned model added to the lexicon's score, and why (absent on older events). */
  learned?: LearnedEvidence;
  /** One or two sentences on how the score came about. */
  explanation: string;
}

/** The learned model's part of a score: each feature's weight and what taught it. */
export interface LearnedEvidence {
  /** Score points added (negative: taken away), capped. */
  points: number;
  /** The kind of rejected item it was weighed against ('trade-only', 'no-china'…). */
  against: string | null;
  /** The strongest features, strongest first. */
  evidence: { feature: string; weight: number; taught: string }[];
}

export function relevanceVerdict(relevance: Relevance): RelevanceVerdict {
  return relevance.verdict ?? (relevance.relevant ? 'relevant' : 'irrelevant');
}

/**
 * Why a reviewer rejected a candidate, as a code the relevance model learns from (a rejection for
 * "trade only" teaches it that trade-only evidence counts against). Offered in the reject dialog.
 */
export const REJECTION_REASONS = {
  'trade-only': 'Trade, energy or transport only: no security angle',
  'no-china': 'China takes no part',
  'not-central-asia': 'No Central Asian state takes part',
  'not-security': 'Not about security',
  duplicate: 'Already on the timeline or in the queue',
  other: 'Other (say why)',
} as const;
export type RejectionReason = keyof typeof REJECTION_REASONS;

/** What extraction proposes; the reviewer may edit every field before approving. */
export interface ProposedFields {
  title: string;
  summary: string;
  date: EntryDate;
  countries: CountryCode[];
  actors: string[];
  categories: Category[];
  /** From the gazetteer (`findPlaces`); absent in candidates proposed before places existed. */
  places?: Place[];
}

export type CandidateIngestEvent =
  | {
      type: 'CandidateProposed';
      data: {
        candidateId: string;
        item: CandidateItem;
        /** Null for a reviewer's own proposal (nothing was scored). */
        relevance: Relevance | null;
        proposed: ProposedFields;
      };
    }
  | {
      /** The same story from another outlet: another source for the same candidate. */
      type: 'CandidateCorroborated';
      data: { candidateId: string; item: CandidateItem; similarity: number };
    }
  | {
      /**
       * More items of the same story than a candidate lists (MAX_LISTED_CORROBORATIONS): counted
       * here, one event per candidate and poll, instead of one CandidateCorroborated (and one
       * source) each. A flood of near-identical copies is the usual cause.
       */
      type: 'CandidateCorroborationsSummarised';
      data: {
        candidateId: string;
        /** Items summarised by this event. */
        count: number;
        /** Where they came from, most first (at most 20 feeds named). */
        feeds: { feedId: string | null; feedTitle: string | null; count: number }[];
        /** The earliest and latest publication times among them. */
        firstPublishedAt: string;
        lastPublishedAt: string;
      };
    };

export const candidateStreamId = (candidateId: string): string => `candidate-${candidateId}`;
