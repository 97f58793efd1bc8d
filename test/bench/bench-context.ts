import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { loadConfig } from '@app/config';
import { Database } from '@app/database';
import { EventStore, LogVerifier, Projector } from '@app/event-store';
import { CoreModule } from '@app/runtime';
import type { DynamicModule, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

export interface BenchContext {
  app: INestApplicationContext;
  path: string;
  env: Record<string, string>;
  database: Database;
  events: EventStore;
  verifier: LogVerifier;
  projector: Projector;
}

/** Temporary folders of this run, removed when the process exits, however it exits. */
const folders = new Set<string>();
process.once('exit', () => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

/**
 * A fresh SQLite database in a temporary folder, opened the way the product opens it. The folder is
 * removed at exit (or earlier by `removeBench`).
 */
export async function openBench(
  name: string,
  options: { synchronous?: 'FULL' | 'NORMAL'; features?: DynamicModule['imports'] } = {},
): Promise<BenchContext> {
  const folder = mkdtempSync(join(tmpdir(), `bench-${name}-`));
  folders.add(folder);
  const path = join(folder, 'timeline.sqlite');
  const env = {
    DATABASE_URL: `sqlite:${path}`,
    SQLITE_SYNCHRONOUS: options.synchronous ?? 'FULL',
    LOG_LEVEL: 'warn',
  };
  const app = await NestFactory.createApplicationContext(
    CoreModule.forRoot(loadConfig(env), { migrate: true, redis: false }, options.features ?? []),
    { logger: ['error'] },
  );
  return {
    app,
    path,
    env,
    database: app.get(Database),
    events: app.get(EventStore),
    verifier: app.get(LogVerifier),
    projector: app.get(Projector),
  };
}

/** Deletes a closed bench database and its folder (a 100k-entry timeline takes about 1 GB). */
export function removeBench(ctx: Pick<BenchContext, 'path'>): void {
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
