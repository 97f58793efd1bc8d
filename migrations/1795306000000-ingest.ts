import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Ingest (DESIGN.md section 5). Two read models rebuilt from the log: `feeds` (the `feed-*`
 * streams) and the dedupe tables `ingest_*` (what candidates hold which item keys and titles, and
 * which were rejected). Two operational tables that are not history (section 4): `feed_state`
 * (validators, health, backoff) and `feed_items_seen` (what each feed has shown, so a poll skips
 * it). Times are ISO-8601 UTC text and flags integers, so the SQL is portable as it stands.
 */
export class Ingest1795306000000 implements MigrationInterface {
  name = 'Ingest1795306000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE feeds (
      id text PRIMARY KEY,
      url text NOT NULL,
      title text,
      language text,
      origin text NOT NULL CHECK (origin IN ('api', 'cli', 'config')),
      active integer NOT NULL CHECK (active IN (0, 1)),
      registered_at text NOT NULL,
      registered_by text NOT NULL,
      updated_at text NOT NULL,
      removed_at text,
      removed_by text,
      removed_reason text
    )`);
    await runner.query(`CREATE TABLE feed_state (
      feed_id text PRIMARY KEY,
      etag text,
      last_modified text,
      last_polled_at text,
      last_success_at text,
      last_status integer,
      last_error text,
      last_error_at text,
      consecutive_failures integer NOT NULL DEFAULT 0,
      next_poll_at text,
      items_seen integer NOT NULL DEFAULT 0,
      items_proposed integer NOT NULL DEFAULT 0,
      items_corroborated integer NOT NULL DEFAULT 0,
      gone_at text,
      updated_at text NOT NULL
    )`);
    await runner.query(`CREATE TABLE feed_items_seen (
      feed_id text NOT NULL,
      item_key text NOT NULL,
      seen_at text NOT NULL,
      PRIMARY KEY (feed_id, item_key)
    )`);
    await runner.query(`CREATE TABLE ingest_candidates (
      candidate_id text PRIMARY KEY,
      rejected integer NOT NULL CHECK (rejected IN (0, 1)),
      proposed_at text NOT NULL
    )`);
    await runner.query(`CREATE TABLE ingest_item_keys (
      kind text NOT NULL CHECK (kind IN ('guid', 'link')),
      value text NOT NULL,
      candidate_id text NOT NULL,
      PRIMARY KEY (kind, value)
    )`);
    await runner.query(`CREATE TABLE ingest_titles (
      title_id text PRIMARY KEY,
      candidate_id text NOT NULL,
      tokens text NOT NULL,
      published_at text NOT NULL
    )`);
    await runner.query(`CREATE INDEX ingest_titles_by_candidate ON ingest_titles (candidate_id)`);
    // By token, then time: a lookup reads only the titles of its window of days.
    await runner.query(`CREATE TABLE ingest_title_index (
      token text NOT NULL,
      published_at text NOT NULL,
      title_id text NOT NULL,
      PRIMARY KEY (token, published_at, title_id)
    )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of [
      'ingest_title_index',
      'ingest_titles',
      'ingest_item_keys',
      'ingest_candidates',
      'feed_items_seen',
      'feed_state',
      'feeds',
    ]) {
      await runner.query(`DROP TABLE ${table}`);
    }
  }
}
