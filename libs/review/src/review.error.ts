import { DomainError } from '@app/event-store';

import { type RecordedDecision, decidedBy } from './candidate-decision';

export type ReviewErrorCode =
  | 'CANDIDATE_NOT_FOUND'
  | 'CANDIDATE_EXISTS'
  | 'CANDIDATE_DECIDED'
  | 'INVALID_DECISION'
  | 'INVALID_PROPOSAL'
  | 'NOT_BORDERLINE'
  | 'NOTHING_TO_UNDO'
  | 'UNDO_WINDOW_PASSED'
  | 'NOT_REOPENABLE'
  | 'OWN_PROPOSAL';

/** A review command that cannot be carried out. `details` is safe to show to the caller. */
export class ReviewError extends DomainError<ReviewErrorCode> {
  static notFound(candidateId: string): ReviewError {
    return new ReviewError('CANDIDATE_NOT_FOUND', `No candidate ${candidateId}`, { candidateId });
  }

  /** The candidate was decided already: says who decided, when, and how, so the loser can see why. */
  static decided(candidateId: string, decision: RecordedDecision): ReviewError {
    const by = decidedBy(decision);
    const into =
      decision.kind !== 'merged'
        ? ''
        : decision.entryId
          ? ` into entry ${decision.entryId}`
          : decision.intoCandidateId
            ? ` into candidate ${decision.intoCandidateId}`
            : '';
    return new ReviewError(
      'CANDIDATE_DECIDED',
      `Already ${decision.kind}${into} by ${by.name} at ${decision.at}`,
      {
        candidateId,
        status: decision.kind,
        decidedBy: by.name,
        decidedByKeyId: by.keyId,
        decidedAt: decision.at,
        ...(decision.entryId ? { entryId: decision.entryId } : {}),
        ...(decision.intoCandidateId ? { intoCandidateId: decision.intoCandidateId } : {}),
        ...(decision.reason ? { reason: decision.reason } : {}),
      },
    );
  }

  static invalid(code: 'INVALID_DECISION' | 'INVALID_PROPOSAL', field: string, message: string): ReviewError {
    return new ReviewError(code, `${field}: ${message}`, { field });
  }
}
