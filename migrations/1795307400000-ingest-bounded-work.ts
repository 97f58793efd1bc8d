import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Bounded work per feed (issue 15). `ingest_candidates` counts the corroborations each candidate
 * lists (at most MAX_LISTED_CORROBORATIONS) and those only summarised; the listed count of existing
 * candidates is read from the log once here (a rebuild gives the same). `feed_state` gets a warning
 * beside its error: a poll that succeeded but found something wrong (a flood of near-identical
 * items, items that could not be stored).
 */
export class IngestBoundedWork1795307400000 implements MigrationInterface {
  name = 'IngestBoundedWork1795307400000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE ingest_candidates ADD COLUMN listed integer NOT NULL DEFAULT 0');
    await runner.query('ALTER TABLE ingest_candidates ADD COLUMN summarised integer NOT NULL DEFAULT 0');
    await runner.query(`UPDATE ingest_candidates SET listed = (
      SELECT COUNT(*) FROM events e
      WHERE e.stream_id = 'candidate-' || ingest_candidates.candidate_id AND e.type = 'CandidateCorroborated'
    )`);
    await runner.query('ALTER TABLE feed_state ADD COLUMN last_warning text');
    await runner.query('ALTER TABLE feed_state ADD COLUMN last_warning_at text');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE feed_state DROP COLUMN last_warning_at');
    await runner.query('ALTER TABLE feed_state DROP COLUMN last_warning');
    await runner.query('ALTER TABLE ingest_candidates DROP COLUMN summarised');
    await runner.query('ALTER TABLE ingest_candidates DROP COLUMN listed');
  }
}
