import type { StoredEvent } from '@app/event-store';
import type { CandidateItem, ProposedFields, RejectionReason, Relevance } from '@app/ingest';
import { CATEGORY_LABELS, COUNTRIES } from '@app/timeline';

import { type CandidateState, evolve, type RecordedCandidateEvent, statusOf } from './candidate-decider';
import { decidedBy } from './candidate-decision';
import type { ApprovalEdits, CandidateStatus, DecisionKind } from './candidate-events';

/** A candidate as the read model keeps it: the decider's state plus where it stands in the log. */
export interface CandidateRecord extends CandidateState {
  version: number;
}

/** An item as reviewers see it: with the outlet it is from, always named. */
export type CandidateItemView = CandidateItem & { outlet: string };

/** A candidate as reviewers see it (the review API's contract). */
export interface CandidateView {
  id: string;
  status: CandidateStatus;
  /** `feed` for an item a feed brought, `reviewer` for a hand proposal (told by `item.feedId === null`). */
  origin: 'feed' | 'reviewer';
  proposedAt: string;
  item: CandidateItemView;
  corroborations: CandidateItemView[];
  relevance: Relevance | null;
  proposed: ProposedFields;
  decision: null | {
    kind: DecisionKind;
    by: { keyId: string; name: string };
    at: string;
    reason?: string;
    reasonCode?: RejectionReason;
    entryId?: string;
    intoCandidateId?: string;
  };
  version: number;
}

/**
 * The outlet an item is from, as the events hold it: the feed's title (or, when the feed was
 * registered without one, the feed document's own title, which ingest records there), else the
 * host of the item's link. A hand proposal's outlet is the publisher the reviewer named.
 */
export function outletOf(item: CandidateItem): string {
  const title = item.feedTitle?.trim();
  if (title) return title;
  const host = hostOf(item.link);
  if (host) return host;
  return item.feedId === null ? 'No publisher named' : 'Unnamed feed';
}

export function hostOf(link: string | null): string | undefined {
  if (!link || !URL.canParse(link)) return undefined;
  const host = new URL(link).hostname.replace(/^www\./, '');
  return host || undefined;
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
  item?: CandidateItemView;
  reasonCode?: string;
  /** A merge into another candidate. */
  intoCandidateId?: string;
  /** What a CandidateDecisionUndone undid. */
  undid?: string;
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
  return { ...state, version: event.streamVersion };
}

export function toCandidateView(record: CandidateRecord): CandidateView {
  const { decision } = record;
  return {
    id: record.candidateId,
    status: statusOf(record),
    origin: record.item.feedId === null ? 'reviewer' : 'feed',
    proposedAt: record.proposedAt,
    item: withOutlet(record.item),
    corroborations: record.corroborations.map(withOutlet),
    relevance: record.relevance,
    proposed: record.proposed,
    decision: decision && {
      kind: decision.kind,
      by: decidedBy(decision),
      at: decision.at,
      ...(decision.reason !== undefined ? { reason: decision.reason } : {}),
      ...(decision.reasonCode !== undefined ? { reasonCode: decision.reasonCode } : {}),
      ...(decision.entryId !== undefined ? { entryId: decision.entryId } : {}),
      ...(decision.intoCandidateId !== undefined ? { intoCandidateId: decision.intoCandidateId } : {}),
    },
    version: record.version,
  };
}

function withOutlet(item: CandidateItem): CandidateItemView {
  return { ...item, outlet: outletOf(item) };
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
    ...(event.type === 'CandidateCorroborated' ? { item: withOutlet(data.item as CandidateItem) } : {}),
    ...(typeof data.reasonCode === 'string' ? { reasonCode: data.reasonCode } : {}),
    ...(typeof data.intoCandidateId === 'string' ? { intoCandidateId: data.intoCandidateId } : {}),
    ...(typeof data.undid === 'string' ? { undid: data.undid } : {}),
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
    ...[item, ...record.corroborations].flatMap((i) => [i.title, i.excerpt, outletOf(i), i.link ?? '']),
    ...(record.relevance?.matched.map((m) => m.term) ?? []),
  ]
    .join('\n')
    .toLowerCase();
}
