import type { Decider } from '@app/event-store';
import {
  type CandidateItem,
  type ProposedFields,
  type RejectionReason,
  type Relevance,
  relevanceVerdict,
} from '@app/ingest';
import type { EntryFields } from '@app/timeline';
import canonicalize from 'canonicalize';

import type { RecordedDecision } from './candidate-decision';
import {
  type ApprovalEdits,
  type CandidateEvent,
  type CandidateStatus,
  DECISION_KIND,
} from './candidate-events';
import { ReviewError } from './review.error';

/** What the decider needs to know of a candidate: its evidence, its proposal, and any decision. */
export interface CandidateState {
  candidateId: string;
  item: CandidateItem;
  corroborations: CandidateItem[];
  relevance: Relevance | null;
  proposed: ProposedFields;
  decision: RecordedDecision | null;
  /** In the borderline tray: scored just below the threshold and not promoted yet. */
  borderline: boolean;
  /** Who proposed it by hand (the actor, `key:<id>`); null for a feed's item. Four eyes reads it. */
  proposedBy: string | null;
  /** When the log recorded its proposal. */
  proposedAt: string;
}

/** Who acts: `reviewer` is the display name kept in the event; `actor` (`key:<id>`) who they are. */
interface Acting {
  candidateId: string;
  reviewer: string;
}

export type CandidateCommand =
  /** A reviewer's own proposal: the item is the source they name, nothing was scored. */
  | { kind: 'propose'; candidateId: string; item: CandidateItem; proposed: ProposedFields }
  /**
   * `edits` are the reviewer's values for the fields they set, already validated by the timeline.
   * With `fourEyes`, the `actor` who proposed the candidate by hand may not approve it.
   */
  | (Acting & {
      kind: 'approve';
      entryId: string;
      edits: Partial<EntryFields>;
      actor?: string;
      fourEyes?: boolean;
    })
  | (Acting & { kind: 'reject'; reason: string; reasonCode?: RejectionReason })
  /** Into an entry, or into another pending candidate (checked by the caller, who appends to it). */
  | (Acting & { kind: 'merge'; entryId: string })
  | (Acting & { kind: 'merge-into-candidate'; intoCandidateId: string })
  | (Acting & { kind: 'promote' })
  /** `now` and `windowMs` decide whether the last decision is still within UNDO_WINDOW. */
  | (Acting & { kind: 'undo'; now: string; windowMs: number })
  | (Acting & { kind: 'reopen'; reason: string });

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
  const reviewer = command.reviewer.trim();
  const { candidateId } = command;
  if (!state) throw ReviewError.notFound(candidateId);
  if (reviewer.length === 0) throw ReviewError.invalid('INVALID_DECISION', 'reviewer', 'must be named');
  switch (command.kind) {
    case 'undo':
      return [undo(state, reviewer, command.now, command.windowMs)];
    case 'reopen': {
      const decision = state.decision;
      if (!decision || decision.kind === 'approved') {
        throw new ReviewError(
          'NOT_REOPENABLE',
          decision
            ? 'An approved candidate is not reopened: amend or retract its entry instead'
            : 'Only a rejected or merged candidate can be reopened; this one is undecided',
          { candidateId, status: decision?.kind ?? statusOf(state) },
        );
      }
      return [
        { type: 'CandidateReopened', data: { candidateId, reviewer, reason: reasonOf(command.reason) } },
      ];
    }
    default:
      break;
  }
  assertUndecided(state, candidateId);
  switch (command.kind) {
    case 'approve':
      if (command.fourEyes && state.proposedBy !== null && state.proposedBy === command.actor) {
        throw new ReviewError(
          'OWN_PROPOSAL',
          'Four eyes: a candidate you proposed by hand must be approved by another reviewer',
          { candidateId },
        );
      }
      return [
        {
          type: 'CandidateApproved',
          data: {
            candidateId,
            entryId: command.entryId,
            edits: editsOf(state.proposed, command.edits),
            reviewer,
          },
        },
      ];
    case 'reject':
      return [
        {
          type: 'CandidateRejected',
          data: {
            candidateId,
            reason: reasonOf(command.reason),
            reviewer,
            ...(command.reasonCode ? { reasonCode: command.reasonCode } : {}),
          },
        },
      ];
    case 'merge':
      if (command.entryId.trim().length === 0)
        throw ReviewError.invalid('INVALID_DECISION', 'entryId', 'must name the entry to merge into');
      return [{ type: 'CandidateMerged', data: { candidateId, entryId: command.entryId, reviewer } }];
    case 'merge-into-candidate':
      if (command.intoCandidateId === candidateId)
        throw ReviewError.invalid(
          'INVALID_DECISION',
          'candidateId',
          'a candidate cannot be merged into itself',
        );
      return [
        {
          type: 'CandidateMerged',
          data: { candidateId, intoCandidateId: command.intoCandidateId, reviewer },
        },
      ];
    case 'promote':
      if (!state.borderline) {
        throw new ReviewError('NOT_BORDERLINE', 'Only a candidate in the borderline tray can be promoted', {
          candidateId,
          status: statusOf(state),
        });
      }
      return [{ type: 'CandidatePromoted', data: { candidateId, reviewer } }];
  }
}

/** Approvals and rejections can be undone within the window; a merge is reopened instead. */
function undo(state: CandidateState, reviewer: string, now: string, windowMs: number): CandidateEvent {
  const { candidateId, decision } = state;
  if (!decision || decision.kind === 'merged') {
    throw new ReviewError(
      'NOTHING_TO_UNDO',
      decision
        ? 'A merge is not undone: reopen the candidate instead'
        : 'This candidate has no decision to undo',
      { candidateId, status: statusOf(state) },
    );
  }
  const deadline = Date.parse(decision.at) + windowMs;
  if (!(Date.parse(now) < deadline)) {
    throw new ReviewError(
      'UNDO_WINDOW_PASSED',
      `The ${decision.kind} decision of ${decision.at} can no longer be undone (the window is ${Math.round(windowMs / 1000)} s)`,
      { candidateId, decidedAt: decision.at, undoUntil: new Date(deadline).toISOString() },
    );
  }
  return {
    type: 'CandidateDecisionUndone',
    data: {
      candidateId,
      reviewer,
      undid: decision.kind,
      ...(decision.entryId !== undefined ? { entryId: decision.entryId } : {}),
    },
  };
}

function reasonOf(text: string): string {
  const reason = text.trim();
  if (reason.length < REASON_MIN || reason.length > REASON_MAX) {
    throw ReviewError.invalid(
      'INVALID_DECISION',
      'reason',
      `must say why in ${REASON_MIN} to ${REASON_MAX} characters`,
    );
  }
  return reason;
}

export function statusOf(state: Pick<CandidateState, 'decision' | 'borderline'>): CandidateStatus {
  return state.decision?.kind ?? (state.borderline ? 'borderline' : 'pending');
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
      return {
        candidateId,
        item,
        corroborations: [],
        relevance,
        proposed,
        decision: null,
        borderline: relevance !== null && relevanceVerdict(relevance) === 'borderline',
        proposedBy: item.feedId === null ? (event.metadata.actor ?? null) : null,
        proposedAt: event.recordedAt,
      };
    }
    case 'CandidateCorroborated':
      return state && { ...state, corroborations: [...state.corroborations, event.data.item] };
    case 'CandidatePromoted':
      return state && { ...state, borderline: false };
    case 'CandidateDecisionUndone':
      return state && { ...state, decision: null };
    case 'CandidateReopened':
      // Reopened into the queue, not back into the tray.
      return state && { ...state, decision: null, borderline: false };
    case 'CandidateCorroborationsSummarised':
      // Counted by ingest, not listed: the sources stay the first corroborations.
      return state;
    case 'CandidateApproved':
    case 'CandidateRejected':
    case 'CandidateMerged': {
      if (!state || state.decision) return state;
      const data = event.data as {
        reviewer: string;
        reason?: string;
        reasonCode?: RejectionReason;
        entryId?: string;
        intoCandidateId?: string;
      };
      return {
        ...state,
        decision: {
          kind: DECISION_KIND[event.type],
          actor: event.metadata.actor ?? 'unknown',
          reviewer: data.reviewer,
          at: event.recordedAt,
          ...(data.reason !== undefined ? { reason: data.reason } : {}),
          ...(data.reasonCode !== undefined ? { reasonCode: data.reasonCode } : {}),
          ...(data.entryId !== undefined ? { entryId: data.entryId } : {}),
          ...(data.intoCandidateId !== undefined ? { intoCandidateId: data.intoCandidateId } : {}),
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
