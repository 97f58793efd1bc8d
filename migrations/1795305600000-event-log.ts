import type { MigrationInterface, QueryRunner } from 'typeorm';

const GENESIS_HASH = '0'.repeat(64);

/**
 * The append-only event log (DESIGN.md section 3) and the bookkeeping around it.
 * The database itself refuses UPDATE, DELETE and any insert that does not extend the log by one
 * linked, contiguous event; `verify` catches whoever drops these triggers first.
 */
export class EventLog1795305600000 implements MigrationInterface {
  name = 'EventLog1795305600000';

  async up(runner: QueryRunner): Promise<void> {
    if (runner.connection.options.type === 'postgres') await this.upPostgres(runner);
    else await this.upSqlite(runner);

    await runner.query(
      `CREATE TABLE log_writer_lock (id integer PRIMARY KEY CHECK (id = 1), acquired_at bigint NOT NULL)`,
    );
    await runner.query(`INSERT INTO log_writer_lock (id, acquired_at) VALUES (1, 0)`);
    await runner.query(
      `CREATE TABLE projection_checkpoints (name text PRIMARY KEY, position bigint NOT NULL, updated_at text NOT NULL)`,
    );
    await runner.query(`CREATE TABLE stream_catalogue (
      stream_id text PRIMARY KEY,
      stream_type text NOT NULL,
      version integer NOT NULL,
      first_position bigint NOT NULL,
      last_position bigint NOT NULL,
      created_at text NOT NULL,
      updated_at text NOT NULL
    )`);
    await runner.query(`CREATE INDEX stream_catalogue_type ON stream_catalogue (stream_type, stream_id)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['stream_catalogue', 'projection_checkpoints', 'log_writer_lock', 'events']) {
      await runner.query(`DROP TABLE ${table}`);
    }
    if (runner.connection.options.type === 'postgres') {
      await runner.query(`DROP FUNCTION events_refuse_change()`);
      await runner.query(`DROP FUNCTION events_guard_insert()`);
    }
  }

  private async upSqlite(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE events (
      position integer PRIMARY KEY CHECK (position >= 1),
      event_id text NOT NULL UNIQUE CHECK (length(event_id) BETWEEN 1 AND 200),
      stream_id text NOT NULL CHECK (length(stream_id) BETWEEN 1 AND 200),
      stream_version integer NOT NULL CHECK (stream_version >= 1),
      type text NOT NULL CHECK (length(type) BETWEEN 1 AND 100),
      schema_version integer NOT NULL CHECK (schema_version >= 1),
      data text NOT NULL CHECK (json_valid(data)),
      metadata text NOT NULL CHECK (json_valid(metadata)),
      recorded_at text NOT NULL,
      prev_hash text NOT NULL,
      hash text NOT NULL,
      UNIQUE (stream_id, stream_version)
    )`);
    await runner.query(`CREATE INDEX events_recorded_at ON events (recorded_at)`);
    await runner.query(`CREATE TRIGGER events_refuse_update BEFORE UPDATE ON events
      BEGIN SELECT RAISE(ABORT, 'events is append-only: UPDATE refused'); END`);
    await runner.query(`CREATE TRIGGER events_refuse_delete BEFORE DELETE ON events
      BEGIN SELECT RAISE(ABORT, 'events is append-only: DELETE refused'); END`);
    // IS NOT compares NULL safely; the event_id check stops INSERT OR REPLACE from deleting a row.
    await runner.query(`CREATE TRIGGER events_guard_insert BEFORE INSERT ON events
      WHEN NEW.position IS NOT (SELECT COALESCE(MAX(position), 0) + 1 FROM events)
        OR EXISTS (SELECT 1 FROM events WHERE event_id = NEW.event_id)
        OR NEW.stream_version IS NOT
           (SELECT COALESCE(MAX(stream_version), 0) + 1 FROM events WHERE stream_id = NEW.stream_id)
        OR NEW.prev_hash IS NOT
           COALESCE((SELECT hash FROM events WHERE position = NEW.position - 1), '${GENESIS_HASH}')
      BEGIN SELECT RAISE(ABORT, 'events is append-only: an insert must extend the log by one linked event'); END`);
  }

  private async upPostgres(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE events (
      position bigint PRIMARY KEY CHECK (position >= 1),
      event_id text NOT NULL UNIQUE CHECK (char_length(event_id) BETWEEN 1 AND 200),
      stream_id text NOT NULL CHECK (char_length(stream_id) BETWEEN 1 AND 200),
      stream_version integer NOT NULL CHECK (stream_version >= 1),
      type text NOT NULL CHECK (char_length(type) BETWEEN 1 AND 100),
      schema_version integer NOT NULL CHECK (schema_version >= 1),
      data jsonb NOT NULL,
      metadata jsonb NOT NULL,
      recorded_at text NOT NULL,
      prev_hash text NOT NULL,
      hash text NOT NULL,
      UNIQUE (stream_id, stream_version)
    )`);
    await runner.query(`CREATE INDEX events_recorded_at ON events (recorded_at)`);
    await runner.query(`CREATE FUNCTION events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'events is append-only: % refused', TG_OP USING ERRCODE = 'restrict_violation';
      END $$`);
    await runner.query(`CREATE TRIGGER events_refuse_update_delete BEFORE UPDATE OR DELETE ON events
      FOR EACH ROW EXECUTE FUNCTION events_refuse_change()`);
    await runner.query(`CREATE TRIGGER events_refuse_truncate BEFORE TRUNCATE ON events
      FOR EACH STATEMENT EXECUTE FUNCTION events_refuse_change()`);
    await runner.query(`CREATE FUNCTION events_guard_insert() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.position IS DISTINCT FROM (SELECT COALESCE(MAX(position), 0) + 1 FROM events)
          OR EXISTS (SELECT 1 FROM events WHERE event_id = NEW.event_id)
          OR NEW.stream_version IS DISTINCT FROM
             (SELECT COALESCE(MAX(stream_version), 0) + 1 FROM events WHERE stream_id = NEW.stream_id)
          OR NEW.prev_hash IS DISTINCT FROM
             COALESCE((SELECT hash FROM events WHERE position = NEW.position - 1), '${GENESIS_HASH}')
        THEN
          RAISE EXCEPTION 'events is append-only: an insert must extend the log by one linked event'
            USING ERRCODE = 'restrict_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await runner.query(`CREATE TRIGGER events_guard_insert BEFORE INSERT ON events
      FOR EACH ROW EXECUTE FUNCTION events_guard_insert()`);
  }
}
