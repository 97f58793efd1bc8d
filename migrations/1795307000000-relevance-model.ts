import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The relevance model as a projection of reviewer decisions (libs/ingest relevance-model
 * .projection.ts): the evidence features of every candidate and the class its latest decision
 * gave it, the feature counts per class those decisions add to the shipped starting point, and how
 * many decisions were folded in (the model version). Rebuilt from the log like any read model.
 */
export class RelevanceModel1795307000000 implements MigrationInterface {
  name = 'RelevanceModel1795307000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE relevance_model_candidates (
      candidate_id text PRIMARY KEY,
      features text NOT NULL,
      label text
    )`);
    await runner.query(`CREATE TABLE relevance_model_counts (
      label text NOT NULL,
      feature text NOT NULL,
      count integer NOT NULL,
      PRIMARY KEY (label, feature)
    )`);
    await runner.query(`CREATE TABLE relevance_model_state (
      id integer PRIMARY KEY CHECK (id = 1),
      decisions integer NOT NULL
    )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE relevance_model_state');
    await runner.query('DROP TABLE relevance_model_counts');
    await runner.query('DROP TABLE relevance_model_candidates');
  }
}
