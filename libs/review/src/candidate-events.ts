import type { CandidateIngestEvent, ProposedFields, RejectionReason } from '@app/ingest';
import type { EntryFields } from '@app/timeline';

/** One edited field of an approval: what extraction proposed, and what the reviewer made of it. */
export interface FieldEdit<K extends keyof EntryFields = keyof EntryFields> {
  before: ProposedFields[K];
  after: EntryFields[K];
}

/** Only the fields the reviewer really changed; an untouched field is not listed. */
export type ApprovalEdits = { [K in keyof EntryFields]?: FieldEdit<K> };

/**
 * The review decisions, appended to the same `candidate-<id>` stream as ingest's events.
 * Who decided is the event's metadata actor (`key:<id>`); `reviewer` is that key's display name
 * at the moment of the decision, kept in the data so the read model can show it without looking
 * anything up (a rebuild depends on the log alone, and a key may be renamed or revoked later).
 */
export type CandidateDecisionEvent =
  | {
      type: 'CandidateApproved';
      data: { candidateId: string; entryId: string; edits: ApprovalEdits; reviewer: string };
    }
  | {
      type: 'CandidateRejected';
      /** `reasonCode` (absent on older events) is the reason vocabulary's code the relevance model learns from. */
      data: { candidateId: string; reason: string; reviewer: string; reasonCode?: RejectionReason };
    }
  | {
      type: 'CandidateMerged';
      /** Into an entry (`entryId`) or, before either is approved, into another candidate (`intoCandidateId`). */
      data: { candidateId: string; entryId?: string; intoCandidateId?: string; reviewer: string };
    };

/** What else happens to a candidate: a borderline item promoted, a decision undone, a rejection reopened. */
export type CandidateReviewEvent =
  | {
      /** A borderline item (just below the threshold) moved into the queue: it is pending from now on. */
      type: 'CandidatePromoted';
      data: { candidateId: string; reviewer: string };
    }
  | {
      /**
       * A decision undone within UNDO_WINDOW: the candidate is pending again. When it undid an approval,
       * the entry it added is withdrawn by an EntryRetracted with `undo: true` in the same transaction.
       */
      type: 'CandidateDecisionUndone';
      data: { candidateId: string; reviewer: string; undid: DecisionKind; entryId?: string };
    }
  | {
      /** A rejected or merged candidate back in the queue, with why; ingest's dedupe forgets the rejection. */
      type: 'CandidateReopened';
      data: { candidateId: string; reviewer: string; reason: string };
    };

/**
 * Every event of a `candidate-<id>` stream. A reviewer's own proposal is a CandidateProposed too,
 * with `item.feedId = null` and `relevance = null`; its item is the source the reviewer named
 * (title, link, publisher as `feedTitle`, note as `excerpt`).
 */
export type CandidateEvent = CandidateIngestEvent | CandidateDecisionEvent | CandidateReviewEvent;
export type CandidateEventType = CandidateEvent['type'];

export const CANDIDATE_EVENT_TYPES: readonly CandidateEventType[] = [
  'CandidateProposed',
  'CandidateCorroborated',
  'CandidateApproved',
  'CandidateRejected',
  'CandidateMerged',
  'CandidatePromoted',
  'CandidateDecisionUndone',
  'CandidateReopened',
];

/** `borderline`: scored just below the threshold, in the tray until promoted (or decided from there). */
export type CandidateStatus = 'pending' | 'borderline' | 'approved' | 'rejected' | 'merged';
export type DecisionKind = 'approved' | 'rejected' | 'merged';

export const DECISION_KIND: Record<CandidateDecisionEvent['type'], DecisionKind> = {
  CandidateApproved: 'approved',
  CandidateRejected: 'rejected',
  CandidateMerged: 'merged',
};
