/** The database could not be opened, migrated or reached. */
export class DatabaseError extends Error {
  constructor(
    readonly code: 'DATABASE_UNREACHABLE' | 'DATABASE_MIGRATION_FAILED',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DatabaseError';
  }
}
