import type { RejectionReason } from '@app/ingest';

import type { DecisionKind } from './candidate-events';

/** A decision as the log recorded it: what, who (actor and display name), when, and its detail. */
export interface RecordedDecision {
  kind: DecisionKind;
  /** The event's metadata actor: `key:<id>` for a reviewer's API key. */
  actor: string;
  /** The reviewer's display name at the time of the decision. */
  reviewer: string;
  /** ISO time the log recorded it. */
  at: string;
  reason?: string;
  reasonCode?: RejectionReason;
  entryId?: string;
  /** A merge into another candidate. */
  intoCandidateId?: string;
}

/** Who decided, as the API shows it: the key id (from the actor) and the name. */
export function decidedBy(decision: Pick<RecordedDecision, 'actor' | 'reviewer'>): {
  keyId: string;
  name: string;
} {
  const keyId = decision.actor.startsWith('key:') ? decision.actor.slice('key:'.length) : decision.actor;
  return { keyId, name: decision.reviewer };
}
