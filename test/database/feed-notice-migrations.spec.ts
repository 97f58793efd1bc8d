import { Database } from '@app/database';
import { DATABASE_KINDS, testConfig } from '@app/testing';
import type { DataSource } from 'typeorm';

/**
 * The two migrations of feed pause and silence notices, on a database that already holds data: the
 * feeds' last new item is filled from their newest candidate, and the deliveries (copied into a new
 * table on SQLite to widen their CHECK) keep every row and index, and take kind `notice` only.
 */
describe.each(DATABASE_KINDS)('feed pause and notice migrations on existing data (%s)', (kind) => {
  let database: Database;

  beforeEach(async () => {
    database = await Database.open(testConfig(kind).config.database, { migrate: true });
    // Back to the schema before them, as an installation upgrading would have it.
    const writer = (database as unknown as { writer: DataSource }).writer;
    const ran = async () =>
      (await database.query<{ name: string }>('SELECT name FROM migrations')).map((row) => row.name);
    while ((await ran()).includes('FeedPauseAndSilence1795307600000')) {
      await writer.undoLastMigration({ transaction: 'each' });
    }
  });
  afterEach(async () => {
    await database.close();
  });

  it('fills lastNewItemAt from the newest candidate and keeps every delivery', async () => {
    const at = '2026-03-01T00:00:00.000Z';
    await database.execute(
      `INSERT INTO feed_state (feed_id, consecutive_failures, items_seen, items_proposed, items_corroborated, updated_at)
       VALUES ('f1', 0, 0, 0, 0, $1), ('f2', 0, 0, 0, 0, $1)`,
      [at],
    );
    for (const [id, proposedAt] of [
      ['c1', '2026-03-02T00:00:00.000Z'],
      ['c2', '2026-03-05T00:00:00.000Z'],
    ]) {
      await database.execute(
        `INSERT INTO review_candidates (id, status, feed_id, proposed, item, corroborations, proposed_at, version, search_text)
         VALUES ($1, 'pending', 'f1', '{}', '{}', '[]', $2, 1, '')`,
        [id, proposedAt],
      );
    }
    await database.execute(
      `INSERT INTO deliveries (id, event_id, position, entry_id, kind, subscription_id, channel, status, created_at, updated_at)
       VALUES ('d1', 'e1', 7, 'entry-1', 'added', 's1', 'webhook', 'delivered', $1, $1)`,
      [at],
    );

    expect((await database.migrate()).slice(0, 2)).toEqual([
      'FeedPauseAndSilence1795307600000',
      'OperationalNotices1795307610000',
    ]);

    const states = await database.query<{ feed_id: string; last_new_item_at: string | null }>(
      'SELECT feed_id, last_new_item_at FROM feed_state ORDER BY feed_id',
    );
    expect(states).toEqual([
      { feed_id: 'f1', last_new_item_at: '2026-03-05T00:00:00.000Z' },
      { feed_id: 'f2', last_new_item_at: null },
    ]);
    expect(await database.query('SELECT id, kind, status FROM deliveries')).toEqual([
      { id: 'd1', kind: 'added', status: 'delivered' },
    ]);
    const insert = (id: string, deliveryKind: string, eventId = id) =>
      database.execute(
        `INSERT INTO deliveries (id, event_id, position, entry_id, kind, subscription_id, channel, status, created_at, updated_at)
         VALUES ($1, $4, 0, '', $2, 's1', 'email', 'pending', $3, $3)`,
        [id, deliveryKind, at, eventId],
      );
    await insert('d2', 'notice');
    await expect(insert('d3', 'gossip')).rejects.toThrow();
    // Unique per event (notice), subscription and channel, as before.
    await expect(insert('d4', 'notice', 'd2')).rejects.toThrow();
    if (kind === 'sqlite') {
      const indexes = await database.query<{ name: string }>(
        `SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'deliveries' AND name NOT LIKE 'sqlite_%' ORDER BY name`,
      );
      expect(indexes.map((index) => index.name)).toEqual([
        'deliveries_by_entry',
        'deliveries_by_status',
        'deliveries_by_subscription',
      ]);
    }
  });
});
