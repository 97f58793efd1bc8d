import type { CandidateItem, ProposedFields, Relevance } from '@app/ingest';
import canonicalize from 'canonicalize';

import { statusOf } from './candidate-decider';
import type { RecordedDecision } from './candidate-decision';
import type { DecisionKind } from './candidate-events';
import { type CandidateRecord, outletOf } from './candidate-view';

export const CANDIDATE_COLUMNS =
  'id, status, score, feed_id, feed_title, proposed, item, corroborations, relevance, decision_kind, ' +
  'decided_by, decided_by_name, decided_at, decision_reason, entry_id, proposed_at, version, ' +
  'decision_detail, proposed_by';

// A type, not an interface: query<T> wants a row type with an implicit index signature.
export type CandidateRow = {
  id: string;
  status: string;
  score: number | null;
  feed_id: string | null;
  feed_title: string | null;
  proposed: string;
  item: string;
  corroborations: string;
  relevance: string | null;
  decision_kind: DecisionKind | null;
  decided_by: string | null;
  decided_by_name: string | null;
  decided_at: string | null;
  decision_reason: string | null;
  entry_id: string | null;
  proposed_at: string;
  version: number | string;
  /** JSON of the decision's reasonCode and intoCandidateId, when it has either. */
  decision_detail: string | null;
  proposed_by: string | null;
};

/** The row's values in CANDIDATE_COLUMNS order. */
export function toCandidateRow(record: CandidateRecord): unknown[] {
  const { decision } = record;
  const detail = decision && {
    ...(decision.reasonCode !== undefined ? { reasonCode: decision.reasonCode } : {}),
    ...(decision.intoCandidateId !== undefined ? { intoCandidateId: decision.intoCandidateId } : {}),
  };
  return [
    record.candidateId,
    statusOf(record),
    record.relevance?.score ?? null,
    record.item.feedId,
    outletOf(record.item),
    json(record.proposed),
    json(record.item),
    json(record.corroborations),
    record.relevance ? json(record.relevance) : null,
    decision?.kind ?? null,
    decision?.actor ?? null,
    decision?.reviewer ?? null,
    decision?.at ?? null,
    decision?.reason ?? null,
    decision?.entryId ?? null,
    record.proposedAt,
    record.version,
    detail && Object.keys(detail).length > 0 ? json(detail) : null,
    record.proposedBy,
  ];
}

export function fromCandidateRow(row: CandidateRow): CandidateRecord {
  const detail = row.decision_detail
    ? (JSON.parse(row.decision_detail) as Pick<RecordedDecision, 'reasonCode' | 'intoCandidateId'>)
    : {};
  return {
    candidateId: row.id,
    item: JSON.parse(row.item) as CandidateItem,
    corroborations: JSON.parse(row.corroborations) as CandidateItem[],
    relevance: row.relevance ? (JSON.parse(row.relevance) as Relevance) : null,
    proposed: JSON.parse(row.proposed) as ProposedFields,
    decision:
      row.decision_kind === null
        ? null
        : {
            kind: row.decision_kind,
            actor: row.decided_by ?? 'unknown',
            reviewer: row.decided_by_name ?? 'unknown',
            at: row.decided_at ?? '',
            ...(row.decision_reason !== null ? { reason: row.decision_reason } : {}),
            ...(row.entry_id !== null ? { entryId: row.entry_id } : {}),
            ...detail,
          },
    borderline: row.status === 'borderline',
    proposedBy: row.proposed_by,
    proposedAt: row.proposed_at,
    version: Number(row.version),
  };
}

/**
 * Canonical JSON (sorted keys): events read back from PostgreSQL's jsonb have their keys reordered,
 * and a rebuilt row must be byte-identical to the incrementally written one.
 */
function json(value: unknown): string {
  return canonicalize(value) ?? 'null';
}
