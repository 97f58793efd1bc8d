import type { CandidateIngestEvent, ProposedFields } from '@app/ingest';
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
  | { type: 'CandidateRejected'; data: { candidateId: string; reason: string; reviewer: string } }
  | { type: 'CandidateMerged'; data: { candidateId: string; entryId: string; reviewer: string } };

/**
 * Every event of a `candidate-<id>` stream. A reviewer's own proposal is a CandidateProposed too,
 * with `item.feedId = null` and `relevance = null`; its item is the source the reviewer named
 * (title, link, publisher as `feedTitle`, note as `excerpt`).
 */
export type CandidateEvent = CandidateIngestEvent | CandidateDecisionEvent;
export type CandidateEventType = CandidateEvent['type'];

export const CANDIDATE_EVENT_TYPES: readonly CandidateEventType[] = [
  'CandidateProposed',
  'CandidateCorroborated',
  'CandidateApproved',
  'CandidateRejected',
  'CandidateMerged',
];

export type CandidateStatus = 'pending' | 'approved' | 'rejected' | 'merged';
export type DecisionKind = Exclude<CandidateStatus, 'pending'>;

export const DECISION_KIND: Record<CandidateDecisionEvent['type'], DecisionKind> = {
  CandidateApproved: 'approved',
  CandidateRejected: 'rejected',
  CandidateMerged: 'merged',
};
