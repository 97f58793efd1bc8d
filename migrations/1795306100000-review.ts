import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The review queue's read model (a projection of `candidate-*` streams; `rebuild` recreates its
 * rows). One row per candidate with its status, score, evidence and decision; country and category
 * filters go through a tag table; `q` is a substring search on a lower-cased text (trigram-indexed
 * on PostgreSQL; on SQLite the queue is small enough to scan, and LIKE needs no tokenizer for Chinese).
 */
export class Review1795306100000 implements MigrationInterface {
  name = 'Review1795306100000';

  async up(runner: QueryRunner): Promise<void> {
    const postgres = runner.connection.options.type === 'postgres';
    await runner.query(`CREATE TABLE review_candidates (
      id text PRIMARY KEY,
      status text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'merged')),
      score ${postgres ? 'double precision' : 'real'},
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
      search_text text NOT NULL
    )`);
    await runner.query(`CREATE INDEX review_candidates_by_score ON review_candidates (status, score, id)`);
    await runner.query(
      `CREATE INDEX review_candidates_by_proposed ON review_candidates (status, proposed_at, id)`,
    );
    await runner.query(
      `CREATE INDEX review_candidates_by_decided ON review_candidates (status, decided_at, id)`,
    );
    await runner.query(`CREATE INDEX review_candidates_by_feed ON review_candidates (feed_id)`);
    await runner.query(`CREATE TABLE review_candidate_tags (
      kind text NOT NULL,
      value text NOT NULL,
      candidate_id text NOT NULL,
      PRIMARY KEY (kind, value, candidate_id)
    )`);
    await runner.query(
      `CREATE INDEX review_candidate_tags_by_candidate ON review_candidate_tags (candidate_id)`,
    );
    if (postgres) {
      await runner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public`);
      await runner.query(
        `CREATE INDEX review_candidates_search ON review_candidates USING gin (search_text public.gin_trgm_ops)`,
      );
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE review_candidate_tags`);
    await runner.query(`DROP TABLE review_candidates`);
  }
}
