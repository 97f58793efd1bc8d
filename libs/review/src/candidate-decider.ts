import type { Decider } from '@app/event-store';
import type { CandidateItem, ProposedFields, Relevance } from '@app/ingest';
import type { EntryFields } from '@app/timeline';
import canonicalize from 'canonicalize';

import type { RecordedDecision } from './candidate-decision';
import { type ApprovalEdits, type CandidateEvent, DECISION_KIND } from './candidate-events';
import { ReviewError } from './review.error';

/** What the decider needs to know of a candidate: its evidence, its proposal, and any decision. */
export interface CandidateState {
  candidateId: string;
  item: CandidateItem;
  corroborations: CandidateItem[];
  relevance: Relevance | null;
  proposed: ProposedFields;
  decision: RecordedDecision | null;
}

export type CandidateCommand =
  /** A reviewer's own proposal: the item is the source they name, nothing was scored. */
  | { kind: 'propose'; candidateId: string; item: CandidateItem; proposed: ProposedFields }
  /** `edits` are the reviewer's values for the fields they set, already validated by the timeline. */
  | { kind: 'approve'; candidateId: string; entryId: string; edits: Partial<EntryFields>; reviewer: string }
  | { kind: 'reject'; candidateId: string; reason: string; reviewer: string }
  | { kind: 'merge'; candidateId: string; entryId: string; reviewer: string };

/** An event as the log holds it: with who appended it and when, which a decision's refusal reports. */
export type RecordedCandidateEvent = CandidateEvent & { recordedAt: string; metadata: { actor?: string } };

export const REASON_MIN = 3;
export const REASON_MAX = 2000;

/** Pure: the events a command produces from the candidate's current state, or a ReviewError. */
export function decide(command: CandidateCommand, state: CandidateState | undefined): CandidateEvent[] {
  if (command.kind === 'propose') {
    if (state) {
      throw new ReviewError('CANDIDATE_EXISTS', `Candidate ${command.candidateId} exists already`, {
        candidateId: command.candidateId,
      });
    }
    if (command.item.feedId !== null) {
      throw ReviewError.invalid('INVALID_PROPOSAL', 'item.feedId', 'a reviewer proposal comes from no feed');
    }
    return [
      {
        type: 'CandidateProposed',
        data: {
          candidateId: command.candidateId,
          item: command.item,
          relevance: null,
          proposed: command.proposed,
        },
      },
    ];
  }
  assertUndecided(state, command.candidateId);
  const reviewer = command.reviewer.trim();
  if (reviewer.length === 0) throw ReviewError.invalid('INVALID_DECISION', 'reviewer', 'must be named');
  switch (command.kind) {
    case 'approve':
      return [
        {
          type: 'CandidateApproved',
          data: {
            candidateId: command.candidateId,
            entryId: command.entryId,
            edits: editsOf(state.proposed, command.edits),
            reviewer,
          },
        },
      ];
    case 'reject': {
      const reason = command.reason.trim();
      if (reason.length < REASON_MIN || reason.length > REASON_MAX) {
        throw ReviewError.invalid(
          'INVALID_DECISION',
          'reason',
          `must say why in ${REASON_MIN} to ${REASON_MAX} characters`,
        );
      }
      return [{ type: 'CandidateRejected', data: { candidateId: command.candidateId, reason, reviewer } }];
    }
    case 'merge':
      if (command.entryId.trim().length === 0)
        throw ReviewError.invalid('INVALID_DECISION', 'entryId', 'must name the entry to merge into');
      return [
        {
          type: 'CandidateMerged',
          data: { candidateId: command.candidateId, entryId: command.entryId, reviewer },
        },
      ];
  }
}

/**
 * Refuses a decision on a candidate that does not exist or was decided already; a decided
 * candidate stays decided, whatever arrives later (a corroboration, another reviewer's click).
 */
export function assertUndecided(
  state: CandidateState | undefined,
  candidateId: string,
): asserts state is CandidateState {
  if (!state) throw ReviewError.notFound(candidateId);
  if (state.decision) throw ReviewError.decided(candidateId, state.decision);
}

/** Pure: the state after one more event. */
export function evolve(
  state: CandidateState | undefined,
  event: RecordedCandidateEvent,
): CandidateState | undefined {
  switch (event.type) {
    case 'CandidateProposed': {
      // A second proposal of the same id cannot be appended (the stream's version guards it); keep the first.
      if (state) return state;
      const { candidateId, item, relevance, proposed } = event.data;
      return { candidateId, item, corroborations: [], relevance, proposed, decision: null };
    }
    case 'CandidateCorroborated':
      return state && { ...state, corroborations: [...state.corroborations, event.data.item] };
    case 'CandidateCorroborationsSummarised':
      // Counted by ingest, not listed: the sources stay the first corroborations.
      return state;
    case 'CandidateApproved':
    case 'CandidateRejected':
    case 'CandidateMerged': {
      if (!state || state.decision) return state;
      const data = event.data as { reviewer: string; reason?: string; entryId?: string };
      return {
        ...state,
        decision: {
          kind: DECISION_KIND[event.type],
          actor: event.metadata.actor ?? 'unknown',
          reviewer: data.reviewer,
          at: event.recordedAt,
          ...(data.reason !== undefined ? { reason: data.reason } : {}),
          ...(data.entryId !== undefined ? { entryId: data.entryId } : {}),
        },
      };
    }
  }
}

/** Only the fields whose values differ from the proposal (compared as canonical JSON), before → after. */
function editsOf(proposed: ProposedFields, edits: Partial<EntryFields>): ApprovalEdits {
  const changed: Record<string, { before: unknown; after: unknown }> = {};
  for (const [key, after] of Object.entries(edits)) {
    if (after === undefined) continue;
    const before = proposed[key as keyof ProposedFields];
    if (canonicalize(before) !== canonicalize(after)) changed[key] = { before, after };
  }
  return changed;
}

/** The candidate stream's decider, as the command handler runs it. */
export const candidateDecider: Decider<CandidateCommand, CandidateState | undefined, CandidateEvent> = {
  initialState: () => undefined,
  evolve,
  decide,
};
