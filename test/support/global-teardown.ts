import { Client } from 'pg';

import { deleteRedisKeys } from './redis-keys';
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
  await deleteRedisKeys(TEST_REDIS_URL, `*_${run}_*`);
}
