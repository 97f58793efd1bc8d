export type Row = Record<string, unknown>;

/**
 * The one way code talks SQL here. Statements use `$1, $2…` placeholders on both databases
 * (SQLite receives them as `?1, ?2…`), so a query is written once.
 */
export interface Sql {
  readonly kind: 'sqlite' | 'postgres';
  query<T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  execute(sql: string, params?: readonly unknown[]): Promise<{ affected: number }>;
}

/** A write transaction. On SQLite it already holds the database's write lock. */
export interface Transaction extends Sql {
  /**
   * Serialises this transaction with every other writer of the event log, across processes.
   * Idempotent within a transaction.
   */
  lockLog(): Promise<void>;
  /**
   * Runs `work` in a savepoint: when it throws, what it wrote is rolled back and the rest of the
   * transaction stays. Savepoints do not nest.
   */
  savepoint<T>(work: () => Promise<T>): Promise<T>;
}
