export type EventStoreErrorCode =
  'STREAM_VERSION_CONFLICT' | 'IDEMPOTENCY_MISMATCH' | 'INVALID_APPEND' | 'UPCAST_FAILED';

/** A refused append or an unreadable event. `details` is safe to show to the caller. */
export class EventStoreError extends Error {
  constructor(
    readonly code: EventStoreErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'EventStoreError';
  }

  static conflict(streamId: string, expected: number, actual: number): EventStoreError {
    return new EventStoreError(
      'STREAM_VERSION_CONFLICT',
      `Stream ${streamId} is at version ${actual}, not the expected ${expected}`,
      { streamId, expectedVersion: expected, actualVersion: actual },
    );
  }
}
