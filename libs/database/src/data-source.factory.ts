import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

import type { DatabaseConfig } from '@app/config';
import { MIGRATIONS } from '@app/migrations';
import type BetterSqlite3 from 'better-sqlite3';
import { DataSource } from 'typeorm';

export function sqliteDataSource(
  config: Extract<DatabaseConfig, { kind: 'sqlite' }>,
  mode: 'writer' | 'reader',
): DataSource {
  if (mode === 'writer') ensureDirectory(dirname(config.path));
  return new DataSource({
    type: 'better-sqlite3',
    database: config.path,
    readonly: mode === 'reader',
    fileMustExist: mode === 'reader',
    // How long a connection waits for another process's write lock before giving up.
    timeout: config.busyTimeoutMs,
    enableWAL: mode === 'writer',
    statementCacheSize: 200,
    prepareDatabase: (db: BetterSqlite3.Database) => {
      if (mode === 'reader') return;
      db.pragma(`synchronous = ${config.synchronous}`);
      // Makes INSERT OR REPLACE fire the DELETE triggers that guard the log.
      db.pragma('recursive_triggers = ON');
    },
    migrations: mode === 'writer' ? MIGRATIONS : [],
    migrationsTransactionMode: 'each',
    logging: false,
  });
}

/**
 * `mkdir -p` that cannot loop: Node's recursive mkdir retries forever under /proc, which answers
 * ENOENT to every new name (the start-up then hung instead of saying it cannot open the database).
 */
function ensureDirectory(dir: string): void {
  if (existsSync(dir)) return;
  const parent = dirname(dir);
  if (parent !== dir) ensureDirectory(parent);
  mkdirSync(dir);
}

export function postgresDataSource(config: Extract<DatabaseConfig, { kind: 'postgres' }>): DataSource {
  return new DataSource({
    type: 'postgres',
    url: config.url,
    schema: config.schema,
    // Unqualified names in our SQL resolve to the configured schema.
    extra: { options: `-c search_path=${config.schema}`, max: 10 },
    migrations: MIGRATIONS,
    migrationsTransactionMode: 'each',
    logging: false,
  });
}
