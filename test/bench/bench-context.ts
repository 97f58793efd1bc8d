import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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

/** A fresh SQLite database in a temporary folder, opened the way the product opens it. */
export async function openBench(
  name: string,
  options: { synchronous?: 'FULL' | 'NORMAL'; features?: DynamicModule['imports'] } = {},
): Promise<BenchContext> {
  const path = join(mkdtempSync(join(tmpdir(), `bench-${name}-`)), 'timeline.sqlite');
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

export async function timed<T>(work: () => Promise<T> | T): Promise<{ ms: number; result: T }> {
  const started = performance.now();
  const result = await work();
  return { ms: performance.now() - started, result };
}

export const round = (value: number, digits = 1): number => Number(value.toFixed(digits));
