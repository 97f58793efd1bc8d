import type { DatabaseConfig } from '@app/config';
import { Mutex } from 'async-mutex';
import type BetterSqlite3 from 'better-sqlite3';
import type { DataSource, QueryRunner } from 'typeorm';

import { postgresDataSource, sqliteDataSource } from './data-source.factory';
import { DatabaseError } from './database.error';
import { type Query, type Row, type Sql, toDialect, type Transaction } from './sql';

/**
 * The product's database: a reader for queries and a writer for transactions.
 *
 * On SQLite these are two connections to one file in WAL mode. The writer is shared by the whole
 * process, so its transactions are serialised here (a second BEGIN on one connection would fail,
 * and an unrelated query would land inside someone else's transaction). The reader is read-only:
 * a stray write outside a transaction fails loudly instead of waiting on the writer forever.
 * On PostgreSQL both are the same pool.
 */
export class Database implements Sql {
  readonly kind: 'sqlite' | 'postgres';
  private readonly writeMutex = new Mutex();
  private readonly reader: DataSource;

  private constructor(
    private readonly writer: DataSource,
    reader: DataSource | undefined,
  ) {
    this.kind = writer.options.type === 'postgres' ? 'postgres' : 'sqlite';
    this.reader = reader ?? writer;
  }

  /** Opens the database; with `migrate`, first brings the schema up to date. */
  static async open(config: DatabaseConfig, options: { migrate: boolean }): Promise<Database> {
    try {
      if (config.kind === 'postgres') {
        const pool = await openPostgres(config, options.migrate);
        return new Database(pool, undefined);
      }
      const writer = await sqliteDataSource(config, 'writer').initialize();
      if (options.migrate) await runSqliteMigrations(writer);
      // The reader opens after the writer has created the file and switched it to WAL.
      const reader = await sqliteDataSource(config, 'reader').initialize();
      return new Database(writer, reader);
    } catch (error) {
      if (error instanceof DatabaseError) throw error;
      const where = config.kind === 'sqlite' ? config.path : redactUrl(config.url);
      throw new DatabaseError(
        'DATABASE_UNREACHABLE',
        `Cannot open the database at ${where}: ${message(error)}`,
        {
          cause: error,
        },
      );
    }
  }

  /** Runs every pending migration; returns the names of those it ran. */
  migrate(): Promise<string[]> {
    return runMigrations(this.writer);
  }

  async pendingMigrations(): Promise<boolean> {
    return this.writer.showMigrations();
  }

  query<T extends Row = Row>(query: Query, params: readonly unknown[] = []): Promise<T[]> {
    return runQuery<T>(this.reader.manager.connection.createQueryRunner(), this.kind, query, params, true);
  }

  /** A single write statement, in its own transaction. */
  execute(query: Query, params: readonly unknown[] = []): Promise<{ affected: number }> {
    return this.transaction((tx) => tx.execute(query, params));
  }

  /**
   * Runs `work` in one write transaction: committed when it resolves, rolled back when it throws.
   * Transactions do not nest; call helpers with the `tx` you were given.
   */
  async transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    if (this.kind === 'postgres') return this.runTransaction(work);
    return this.writeMutex.runExclusive(() => this.runTransaction(work));
  }

  /** The writer's TypeORM DataSource, for code that needs TypeORM itself (migrations, tests). */
  get dataSource(): DataSource {
    return this.writer;
  }

  async close(): Promise<void> {
    if (this.reader !== this.writer && this.reader.isInitialized) await this.reader.destroy();
    if (this.writer.isInitialized) await this.writer.destroy();
  }

  private async runTransaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    const runner = this.writer.createQueryRunner();
    const kind = this.kind;
    let logLocked = false;
    const lockLog = async (): Promise<void> => {
      if (logLocked) return;
      // A write as the first statement takes SQLite's write lock at once (waiting out other
      // processes through busy_timeout), and takes the row lock that serialises log writers on
      // PostgreSQL. Either way no other writer can slip between reading the head and appending.
      await runQuery(
        runner,
        kind,
        'UPDATE log_writer_lock SET acquired_at = $1 WHERE id = 1',
        [Date.now()],
        false,
      );
      logLocked = true;
    };
    const statement = (sql: string) => runner.query(sql);
    const committed: Array<() => void> = [];
    const tx: Transaction = {
      kind,
      query: <R extends Row = Row>(query: Query, params: readonly unknown[] = []) =>
        runQuery<R>(runner, kind, query, params, false),
      execute: async (query: Query, params: readonly unknown[] = []) => ({
        affected: (await runner.query(...toDialect(kind, query, params), true)).affected ?? 0,
      }),
      lockLog,
      savepoint: async (work) => {
        // What the work asks to run after the commit goes with its writes if they are rolled back.
        const registered = committed.length;
        await statement('SAVEPOINT work');
        try {
          const result = await work();
          await statement('RELEASE SAVEPOINT work');
          return result;
        } catch (error) {
          committed.length = registered;
          // When even that fails, the transaction itself is lost (SQLite rolls back the whole of it
          // on some errors): that failure, not the work's, is the one to report.
          await statement('ROLLBACK TO SAVEPOINT work');
          await statement('RELEASE SAVEPOINT work');
          throw transientFailure(error) ?? error;
        }
      },
      afterCommit: (callback) => void committed.push(callback),
    };
    let result: T;
    try {
      await runner.startTransaction();
      if (kind === 'sqlite') await lockLog();
      result = await work(tx);
      await runner.commitTransaction();
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw transientFailure(error) ?? error;
    } finally {
      await runner.release();
    }
    for (const callback of committed) callback();
    return result;
  }

  /**
   * A consistent copy of a SQLite database while the service runs, through SQLite's online backup
   * API (pages are copied in steps; writes that land meanwhile are taken along). PostgreSQL has
   * pg_dump for this.
   */
  async backupTo(file: string): Promise<void> {
    if (this.kind === 'postgres') {
      throw new DatabaseError(
        'DATABASE_UNREACHABLE',
        'Backups of PostgreSQL are taken with pg_dump (pg_dump --schema=<schema> -Fc <url> > file), ' +
          'restored with pg_restore; then run `verify`',
      );
    }
    await sqliteHandle(this.reader).backup(file);
  }
}

/** The better-sqlite3 connection under a TypeORM data source. */
function sqliteHandle(dataSource: DataSource): BetterSqlite3.Database {
  return (dataSource.driver as unknown as { databaseConnection: BetterSqlite3.Database }).databaseConnection;
}

const SQLITE_FULL = new Set(['SQLITE_FULL']);
const SQLITE_BUSY = new Set(['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_BUSY_TIMEOUT', 'SQLITE_LOCKED']);
// PostgreSQL: disk_full, insufficient_resources, out_of_memory; lock_not_available.
const POSTGRES_FULL = new Set(['53100', '53000', '53200']);
const POSTGRES_BUSY = new Set(['55P03']);

/** The write's failure as a DatabaseError when it is one that passes by itself, else undefined. */
function transientFailure(error: unknown): DatabaseError | undefined {
  const code = driverCode(error);
  if (code === undefined) return undefined;
  if (SQLITE_FULL.has(code) || POSTGRES_FULL.has(code)) {
    return new DatabaseError(
      'DATABASE_FULL',
      'The database has no room left (its disk or quota is full): nothing was written; try again once space is freed',
      { cause: error },
    );
  }
  if (SQLITE_BUSY.has(code) || POSTGRES_BUSY.has(code)) {
    return new DatabaseError(
      'DATABASE_BUSY',
      'The database is locked by another program: nothing was written; try again shortly',
      { cause: error },
    );
  }
  return undefined;
}

function driverCode(error: unknown): string | undefined {
  const driverError = (error as { driverError?: { code?: unknown } } | null)?.driverError ?? error;
  const code = (driverError as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

async function runMigrations(dataSource: DataSource): Promise<string[]> {
  try {
    const ran = await dataSource.runMigrations({ transaction: 'each' });
    return ran.map((migration) => migration.name);
  } catch (error) {
    throw new DatabaseError('DATABASE_MIGRATION_FAILED', `Migration failed: ${message(error)}`, {
      cause: error,
    });
  }
}

/**
 * Processes that start together (API and worker on one fresh database) would otherwise both create
 * the schema and run the same migrations. A session advisory lock, keyed by the schema, lets one
 * at a time do it; the next then finds the schema there and nothing pending.
 */
async function openPostgres(
  config: Extract<DatabaseConfig, { kind: 'postgres' }>,
  migrate: boolean,
): Promise<DataSource> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: config.url });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [`timeline-schema:${config.schema}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${config.schema}"`);
    const pool = await postgresDataSource(config).initialize();
    try {
      if (migrate) await runMigrations(pool);
    } catch (error) {
      await pool.destroy();
      throw error;
    }
    return pool;
  } finally {
    await client.end();
  }
}

/**
 * SQLite serialises the migrations' write transactions itself, but a process that read the list of
 * pending migrations before another committed them then fails on "table already exists". Asking
 * again is enough: the second time they are recorded as run.
 */
async function runSqliteMigrations(dataSource: DataSource): Promise<string[]> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await runMigrations(dataSource);
    } catch (error) {
      if (attempt >= 3 || !/already exists/i.test(message(error))) throw error;
    }
  }
}

async function runQuery<T>(
  runner: QueryRunner,
  kind: 'sqlite' | 'postgres',
  query: Query,
  params: readonly unknown[],
  release: boolean,
): Promise<T[]> {
  try {
    const result = await runner.query(...toDialect(kind, query, params), true);
    return (result.records ?? []) as T[];
  } finally {
    if (release) await runner.release();
  }
}

function redactUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
