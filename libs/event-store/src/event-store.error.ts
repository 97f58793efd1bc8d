import { DomainError } from './domain-error';

export type EventStoreErrorCode =
  'STREAM_VERSION_CONFLICT' | 'IDEMPOTENCY_MISMATCH' | 'INVALID_APPEND' | 'UPCAST_FAILED';

/** A refused append or an unreadable event. `details` is safe to show to the caller. */
export class EventStoreError extends DomainError<EventStoreErrorCode> {
  static conflict(streamId: string, expected: number, actual: number): EventStoreError {
    return new EventStoreError(
      'STREAM_VERSION_CONFLICT',
      `Stream ${streamId} is at version ${actual}, not the expected ${expected}`,
      { streamId, expectedVersion: expected, actualVersion: actual },
    );
  }
}
