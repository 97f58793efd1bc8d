import type { StoredEvent } from '@app/event-store';
import type { CandidateItem, ProposedFields, Relevance } from '@app/ingest';
import { CATEGORY_LABELS, COUNTRIES } from '@app/timeline';

import { type CandidateState, evolve, type RecordedCandidateEvent } from './candidate-decider';
import { decidedBy } from './candidate-decision';
import type { ApprovalEdits, CandidateStatus, DecisionKind } from './candidate-events';

/** A candidate as the read model keeps it: the decider's state plus where it stands in the log. */
export interface CandidateRecord extends CandidateState {
  proposedAt: string;
  version: number;
}

/** A candidate as reviewers see it (the review API's contract). */
export interface CandidateView {
  id: string;
  status: CandidateStatus;
  proposedAt: string;
  item: CandidateItem;
  corroborations: CandidateItem[];
  relevance: Relevance | null;
  proposed: ProposedFields;
  decision: null | {
    kind: DecisionKind;
    by: { keyId: string; name: string };
    at: string;
    reason?: string;
    entryId?: string;
  };
  version: number;
}

/** One event of a candidate's stream, as a reviewer reads it: what happened, who did it, and why. */
export interface CandidateHistoryItem {
  position: number;
  version: number;
  type: string;
  recordedAt: string;
  actor: string;
  /** The reviewer's display name, for decisions. */
  name?: string;
  reason?: string;
  entryId?: string;
  edits?: ApprovalEdits;
  /** The item a corroboration added. */
  item?: CandidateItem;
}

/**
 * Pure: a candidate after one more event of its stream. The read model and single-candidate reads
 * are both folds of this function (over the decider's own evolve), so they cannot disagree.
 */
export function applyToCandidate(
  record: CandidateRecord | undefined,
  event: StoredEvent,
): CandidateRecord | undefined {
  const state = evolve(record, event as unknown as RecordedCandidateEvent);
  if (!state) return record;
  return {
    ...state,
    proposedAt: record?.proposedAt ?? event.recordedAt,
    version: event.streamVersion,
  };
}

export function toCandidateView(record: CandidateRecord): CandidateView {
  const { decision } = record;
  return {
    id: record.candidateId,
    status: decision?.kind ?? 'pending',
    proposedAt: record.proposedAt,
    item: record.item,
    corroborations: record.corroborations,
    relevance: record.relevance,
    proposed: record.proposed,
    decision: decision && {
      kind: decision.kind,
      by: decidedBy(decision),
      at: decision.at,
      ...(decision.reason !== undefined ? { reason: decision.reason } : {}),
      ...(decision.entryId !== undefined ? { entryId: decision.entryId } : {}),
    },
    version: record.version,
  };
}

export function toHistoryItem(event: StoredEvent): CandidateHistoryItem {
  const data = event.data;
  return {
    position: event.position,
    version: event.streamVersion,
    type: event.type,
    recordedAt: event.recordedAt,
    actor: String(event.metadata.actor ?? 'unknown'),
    ...(typeof data.reviewer === 'string' ? { name: data.reviewer } : {}),
    ...(typeof data.reason === 'string' ? { reason: data.reason } : {}),
    ...(typeof data.entryId === 'string' ? { entryId: data.entryId } : {}),
    ...(event.type === 'CandidateApproved' ? { edits: data.edits as ApprovalEdits } : {}),
    ...(event.type === 'CandidateCorroborated' ? { item: data.item as CandidateItem } : {}),
  };
}

/** What `q` searches: lower-cased, so matching is case-insensitive in every script. */
export function candidateSearchText(record: CandidateRecord): string {
  const { proposed, item } = record;
  return [
    proposed.title,
    proposed.summary,
    ...proposed.actors,
    ...proposed.countries.map((c) => `${c} ${COUNTRIES[c] ?? ''}`),
    ...proposed.categories.map((c) => CATEGORY_LABELS[c] ?? c),
    ...[item, ...record.corroborations].flatMap((i) => [i.title, i.excerpt, i.feedTitle ?? '', i.link ?? '']),
    ...(record.relevance?.matched.map((m) => m.term) ?? []),
  ]
    .join('\n')
    .toLowerCase();
}
