import sqlTag, { bulk, empty, join, raw, Sql as Statement } from 'sql-template-tag';

export type Row = Record<string, unknown>;

/**
 * Statements built from parts: a tagged template whose values become placeholders, with `join`
 * (a list: `IN (${join(ids)})`, or clauses: `join(conditions, ' AND ')`), `bulk` (the rows of a
 * multi-row `VALUES`), `raw` (a trusted identifier or keyword) and `empty` composed inside it.
 * This is the one way dynamic SQL (lists, optional conditions, many rows) is written here, so no
 * code counts `$n` by hand. (sql-template-tag)
 */
export const sql = sqlTag;
export { bulk, empty, join, raw, Statement };

/**
 * The one way code talks SQL here. A fixed statement is text with `$1, $2…` placeholders on both
 * databases (SQLite receives them as `?`), so a query is written once; a built one is a
 * `Statement` from `sql`.
 */
export interface Sql {
  readonly kind: 'sqlite' | 'postgres';
  /** `params` go with fixed text; a `Statement` carries its own. */
  query<T extends Row = Row>(query: Query, params?: readonly unknown[]): Promise<T[]>;
  execute(query: Query, params?: readonly unknown[]): Promise<{ affected: number }>;
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
  /**
   * Runs `callback` once this transaction has committed (never when it rolls back, nor when the
   * savepoint it was registered in rolls back): what must happen only when others can see the
   * writes, such as waking their readers. It must not throw.
   */
  afterCommit(callback: () => void): void;
}

/** Either form a caller may hand in: built, or fixed text with its parameters. */
export type Query = Statement | string;

/**
 * The text and parameters the driver gets. PostgreSQL takes `$1` placeholders as they are.
 * better-sqlite3 binds anonymous `?` by position, so each `$n` of a fixed statement becomes `?`
 * and the parameters are laid out in the order they appear.
 */
export function toDialect(
  kind: 'sqlite' | 'postgres',
  query: Query,
  params: readonly unknown[] = [],
): [string, unknown[]] {
  if (query instanceof Statement) return [kind === 'postgres' ? query.text : query.sql, query.values];
  if (kind === 'postgres') return [query, [...params]];
  const ordered: unknown[] = [];
  const text = query.replace(/\$(\d+)/g, (_, n: string) => {
    ordered.push(params[Number(n) - 1]);
    return '?';
  });
  return [text, ordered];
}

/** Values bound by one statement at most: under SQLite's 32,766 and PostgreSQL's 65,535. */
export const MAX_PARAMS = 30_000;

/** `items` in slices of at most `MAX_PARAMS / width` (an `IN` list, or rows `width` values wide). */
export function inChunks<T>(items: readonly T[], width = 1): T[][] {
  const size = Math.max(1, Math.floor(MAX_PARAMS / width));
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/**
 * Inserts `rows` (one value per column of `columns`, a comma-separated list, in its order) with as
 * few multi-row INSERTs as the parameter limit allows; `suffix` follows each, e.g.
 * sql`ON CONFLICT (id) DO NOTHING`. Returns the rows inserted.
 */
export async function insertRows(
  db: Sql,
  table: string,
  columns: string,
  rows: readonly (readonly unknown[])[],
  suffix: Statement = empty,
): Promise<number> {
  let inserted = 0;
  const width = rows[0]?.length ?? 1;
  for (const chunk of inChunks(rows, width)) {
    const { affected } = await db.execute(
      sql`INSERT INTO ${raw(table)} (${raw(columns)}) VALUES ${bulk(chunk)} ${suffix}`,
    );
    inserted += affected;
  }
  return inserted;
}

/** `WHERE` and the conditions joined by `AND`; nothing when there are none. */
export function where(conditions: readonly Statement[]): Statement {
  return conditions.length === 0 ? empty : sql`WHERE ${join(conditions, ' AND ')}`;
}
