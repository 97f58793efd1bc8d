import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { loadConfig } from '@app/config';
import { Database } from '@app/database';
import { EventStore, LogVerifier, Projector } from '@app/event-store';
import { CoreModule } from '@app/runtime';
import type { DynamicModule, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client } from 'pg';

/** The databases a bench runs on: `npm run bench -- --db sqlite|postgres` (default sqlite). */
export const BENCH_DATABASES = ['sqlite', 'postgres'] as const;
export type BenchDatabase = (typeof BENCH_DATABASES)[number];

/** Where PostgreSQL benches make their schemas: the test suite's server unless told otherwise. */
let postgresUrl = 'postgres://root@127.0.0.1:5432/test';
let current: BenchDatabase = 'sqlite';

/** Chosen once by main.ts from the command line; every section opens its databases on it. */
export function useBenchDatabase(database: BenchDatabase, url?: string): void {
  current = database;
  if (url) postgresUrl = url;
}

/** The database this run's sections use. Every section prints it as `database`. */
export function benchDatabase(): BenchDatabase {
  return current;
}

export interface BenchContext {
  app: INestApplicationContext;
  /** Which database this is. */
  kind: BenchDatabase;
  /** SQLite only: the file (raw twins open it directly). Reading it on PostgreSQL throws. */
  path: string;
  env: Record<string, string> & { DATABASE_URL: string };
  database: Database;
  events: EventStore;
  verifier: LogVerifier;
  projector: Projector;
}

/** Temporary folders of this run, removed when the process exits, however it exits. */
const folders = new Set<string>();
process.once('exit', () => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));
/** PostgreSQL schemas of this run, dropped by dropBenchSchemas (main.ts, at the end). */
const schemas = new Set<string>();

export interface BenchDatabaseEnv {
  kind: BenchDatabase;
  /** The SQLite file, or undefined on PostgreSQL. */
  path?: string;
  /** DATABASE_URL and SQLITE_SYNCHRONOUS, for loadConfig or a child process's environment. */
  env: { DATABASE_URL: string; SQLITE_SYNCHRONOUS: 'FULL' | 'NORMAL' };
}

/**
 * A fresh, empty database of this run's kind: a SQLite file in a temporary folder (removed at exit
 * or by removeBench), or a PostgreSQL schema of its own (dropped at the end of the run). For
 * sections that open the product themselves, or start processes on it.
 */
export function benchDatabaseEnv(
  name: string,
  options: { synchronous?: 'FULL' | 'NORMAL'; database?: BenchDatabase } = {},
): BenchDatabaseEnv {
  const kind = options.database ?? current;
  const synchronous = options.synchronous ?? 'FULL';
  if (kind === 'postgres') {
    const schema = `bench_${name.replace(/\W/g, '_')}_${randomBytes(4).toString('hex')}`;
    schemas.add(schema);
    const url = new URL(postgresUrl);
    url.searchParams.set('schema', schema);
    return { kind, env: { DATABASE_URL: url.toString(), SQLITE_SYNCHRONOUS: synchronous } };
  }
  const folder = mkdtempSync(join(tmpdir(), `bench-${name}-`));
  folders.add(folder);
  const path = join(folder, 'timeline.sqlite');
  return { kind, path, env: { DATABASE_URL: `sqlite:${path}`, SQLITE_SYNCHRONOUS: synchronous } };
}

/** Drops every PostgreSQL schema this run made. */
export async function dropBenchSchemas(): Promise<void> {
  if (schemas.size === 0) return;
  const client = new Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    schemas.clear();
  } finally {
    await client.end();
  }
}

/**
 * A fresh database of this run's kind (or `database`), opened and migrated the way the product
 * opens it.
 */
export async function openBench(
  name: string,
  options: {
    synchronous?: 'FULL' | 'NORMAL';
    features?: DynamicModule['imports'];
    database?: BenchDatabase;
  } = {},
): Promise<BenchContext> {
  const target = benchDatabaseEnv(name, options);
  const env = { ...target.env, LOG_LEVEL: 'warn' };
  const app = await NestFactory.createApplicationContext(
    CoreModule.forRoot(loadConfig(env), { migrate: true, redis: false }, options.features ?? []),
    { logger: ['error'] },
  );
  return {
    app,
    kind: target.kind,
    get path(): string {
      if (!target.path) throw new Error(`bench ${name}: ctx.path is a SQLite file; this is PostgreSQL`);
      return target.path;
    },
    env,
    database: app.get(Database),
    events: app.get(EventStore),
    verifier: app.get(LogVerifier),
    projector: app.get(Projector),
  };
}

/** Deletes a closed bench database and its folder (a 100k-entry timeline takes about 1 GB). */
export function removeBench(ctx: Pick<BenchContext, 'path'> & { kind?: BenchDatabase }): void {
  if (ctx.kind === 'postgres') return; // dropped with the run's other schemas
  const folder = dirname(ctx.path);
  rmSync(folder, { recursive: true, force: true });
  folders.delete(folder);
}

export async function timed<T>(work: () => Promise<T> | T): Promise<{ ms: number; result: T }> {
  const started = performance.now();
  const result = await work();
  return { ms: performance.now() - started, result };
}

export const round = (value: number, digits = 1): number => Number(value.toFixed(digits));
