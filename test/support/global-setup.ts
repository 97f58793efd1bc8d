import { randomBytes } from 'node:crypto';

import { Redis } from 'ioredis';
import { Client } from 'pg';

import { TEST_POSTGRES_URL, TEST_REDIS_URL } from './test-env';

/** Fails the run at once, with the reason, when a service the tests need is not there. */
export default async function globalSetup(): Promise<void> {
  process.env.TEST_RUN_ID = randomBytes(4).toString('hex');
  const pg = new Client({ connectionString: TEST_POSTGRES_URL });
  try {
    await pg.connect();
    await pg.query('SELECT 1');
  } catch (error) {
    throw new Error(`The tests need PostgreSQL at ${TEST_POSTGRES_URL}: ${(error as Error).message}`, {
      cause: error,
    });
  } finally {
    await pg.end().catch(() => undefined);
  }
  const redis = new Redis(TEST_REDIS_URL, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new Error(`The tests need Redis at ${TEST_REDIS_URL}: ${(error as Error).message}`, {
      cause: error,
    });
  } finally {
    redis.disconnect();
  }
}
