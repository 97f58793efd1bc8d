import { randomBytes } from 'node:crypto';

/**
 * Where tests find their services, and how one run keeps to its own data: each run has an id, every
 * PostgreSQL schema and Redis key prefix it makes carries it, and global teardown removes them.
 */
export const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://root@127.0.0.1:5432/test';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export function testRunId(): string {
  const id = process.env.TEST_RUN_ID;
  if (!id) throw new Error('TEST_RUN_ID is not set: run the tests through jest (global setup sets it)');
  return id;
}

/** A name unique within this run and across runs: `t_<run>_<random>`, safe as an SQL identifier. */
export function uniqueName(prefix = 't'): string {
  return `${prefix}_${testRunId()}_${randomBytes(5).toString('hex')}`;
}

export const DATABASE_KINDS = ['sqlite', 'postgres'] as const;
export type DatabaseKind = (typeof DATABASE_KINDS)[number];
