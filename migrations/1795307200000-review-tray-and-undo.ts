import type { MigrationInterface, QueryRunner } from 'typeorm';

const STATUSES = `('pending', 'borderline', 'approved', 'rejected', 'merged')`;
const COLUMNS =
  'id, status, score, feed_id, feed_title, proposed, item, corroborations, relevance, decision_kind, ' +
  'decided_by, decided_by_name, decided_at, decision_reason, entry_id, proposed_at, version, search_text';

/**
 * The review queue's read model learns the borderline tray (a status), the decision's detail (the
 * rejection's reason code, a merge into another candidate) and who proposed a candidate by hand (four
 * eyes). SQLite cannot change a CHECK constraint in place, so there the table is copied.
 */
export class ReviewTrayAndUndo1795307200000 implements MigrationInterface {
  name = 'ReviewTrayAndUndo1795307200000';

  async up(runner: QueryRunner): Promise<void> {
    if (runner.connection.options.type === 'postgres') {
      await runner.query(`ALTER TABLE review_candidates DROP CONSTRAINT review_candidates_status_check`);
      await runner.query(
        `ALTER TABLE review_candidates ADD CONSTRAINT review_candidates_status_check CHECK (status IN ${STATUSES})`,
      );
      await runner.query(`ALTER TABLE review_candidates ADD COLUMN decision_detail text`);
      await runner.query(`ALTER TABLE review_candidates ADD COLUMN proposed_by text`);
      return;
    }
    await runner.query(`CREATE TABLE review_candidates_next (
      id text PRIMARY KEY,
      status text NOT NULL CHECK (status IN ${STATUSES}),
      score real,
      feed_id text,
      feed_title text,
      proposed text NOT NULL,
      item text NOT NULL,
      corroborations text NOT NULL,
      relevance text,
      decision_kind text,
      decided_by text,
      decided_by_name text,
      decided_at text,
      decision_reason text,
      entry_id text,
      proposed_at text NOT NULL,
      version integer NOT NULL,
      search_text text NOT NULL,
      decision_detail text,
      proposed_by text
    )`);
    await runner.query(
      `INSERT INTO review_candidates_next (${COLUMNS}) SELECT ${COLUMNS} FROM review_candidates`,
    );
    await runner.query(`DROP TABLE review_candidates`);
    await runner.query(`ALTER TABLE review_candidates_next RENAME TO review_candidates`);
    await runner.query(`CREATE INDEX review_candidates_by_score ON review_candidates (status, score, id)`);
    await runner.query(
      `CREATE INDEX review_candidates_by_proposed ON review_candidates (status, proposed_at, id)`,
    );
    await runner.query(
      `CREATE INDEX review_candidates_by_decided ON review_candidates (status, decided_at, id)`,
    );
    await runner.query(`CREATE INDEX review_candidates_by_feed ON review_candidates (feed_id)`);
  }

  async down(): Promise<void> {
    // The read model is rebuilt from the log; narrowing the statuses again would refuse its rows.
  }
}
