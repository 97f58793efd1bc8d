import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Feed pause and silence (issue 12). `feeds` (a read model) says when, by whom and why a feed was
 * paused. `feed_state` records when a poll last brought a new candidate (proposed or borderline),
 * filled here from the newest candidate of each feed. `feed_silence_episodes` is operational state:
 * each stretch of a feed's silence (failing, or quiet for days), once, and whether it was reported.
 */
export class FeedPauseAndSilence1795307600000 implements MigrationInterface {
  name = 'FeedPauseAndSilence1795307600000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE feeds ADD COLUMN paused_at text');
    await runner.query('ALTER TABLE feeds ADD COLUMN paused_by text');
    await runner.query('ALTER TABLE feeds ADD COLUMN paused_reason text');
    await runner.query('ALTER TABLE feed_state ADD COLUMN last_new_item_at text');
    await runner.query(`UPDATE feed_state SET last_new_item_at = (
      SELECT MAX(c.proposed_at) FROM review_candidates c WHERE c.feed_id = feed_state.feed_id
    )`);
    await runner.query(`CREATE TABLE feed_silence_episodes (
      id text PRIMARY KEY,
      feed_id text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('failing', 'quiet')),
      since text NOT NULL,
      message text NOT NULL,
      started_at text NOT NULL,
      ended_at text,
      reported_at text,
      UNIQUE (feed_id, kind, since)
    )`);
    // The open episodes, which each check reads.
    await runner.query(
      'CREATE INDEX feed_silence_episodes_open ON feed_silence_episodes (ended_at, feed_id)',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE feed_silence_episodes');
    await runner.query('ALTER TABLE feed_state DROP COLUMN last_new_item_at');
    for (const column of ['paused_reason', 'paused_by', 'paused_at']) {
      await runner.query(`ALTER TABLE feeds DROP COLUMN ${column}`);
    }
  }
}
