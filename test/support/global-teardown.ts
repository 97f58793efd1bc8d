import { Redis } from 'ioredis';
import { Client } from 'pg';

import { TEST_POSTGRES_URL, TEST_REDIS_URL } from './test-env';

/** Removes every PostgreSQL schema and Redis key this run made. */
export default async function globalTeardown(): Promise<void> {
  const run = process.env.TEST_RUN_ID;
  if (!run) return;
  const pg = new Client({ connectionString: TEST_POSTGRES_URL });
  await pg.connect();
  try {
    const { rows } = await pg.query<{ nspname: string }>(
      `SELECT nspname FROM pg_namespace WHERE nspname LIKE $1`,
      [`%\\_${run}\\_%`],
    );
    for (const { nspname } of rows) await pg.query(`DROP SCHEMA "${nspname}" CASCADE`);
  } finally {
    await pg.end();
  }
  const redis = new Redis(TEST_REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `*_${run}_*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
