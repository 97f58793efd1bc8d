import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SQLite's search tables collect up to 16 MB of new terms in memory before writing them out as a
 * segment (FTS5's `hashsize`, 1 MB by default; issue 13). A rebuild or a replay adds the terms of
 * every entry in one transaction: with 1 MB it wrote hundreds of small segments and merged them
 * again, a third of its FTS5 time. An append writes far less than 1 MB, so it is unchanged. The
 * setting lives in each table's configuration, not in the rows: nothing to replay.
 */
export class TimelineSearchHashSize1795308000000 implements MigrationInterface {
  name = 'TimelineSearchHashSize1795308000000';

  async up(runner: QueryRunner): Promise<void> {
    await setHashSize(runner, 16 * 1024 * 1024);
  }

  async down(runner: QueryRunner): Promise<void> {
    await setHashSize(runner, 1024 * 1024);
  }
}

async function setHashSize(runner: QueryRunner, bytes: number): Promise<void> {
  if (runner.connection.options.type === 'postgres') return;
  for (const table of ['timeline_search', 'timeline_search_grams']) {
    // FTS5 takes its commands' arguments as literals only.
    await runner.query(`INSERT INTO ${table} (${table}, rank) VALUES ('hashsize', ${bytes})`);
  }
}
