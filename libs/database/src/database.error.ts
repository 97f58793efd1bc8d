/**
 * The database could not be opened, migrated or reached, or refused a write for a reason that
 * passes (its disk is full, another program holds its lock): the transaction was rolled back, so
 * nothing was half-written, and the same write succeeds once the condition clears.
 */
export type DatabaseErrorCode =
  'DATABASE_UNREACHABLE' | 'DATABASE_MIGRATION_FAILED' | 'DATABASE_FULL' | 'DATABASE_BUSY';

export class DatabaseError extends Error {
  constructor(
    readonly code: DatabaseErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DatabaseError';
  }

  /** True for the conditions that pass by themselves: a caller may try again later. */
  get transient(): boolean {
    return this.code === 'DATABASE_FULL' || this.code === 'DATABASE_BUSY';
  }
}
