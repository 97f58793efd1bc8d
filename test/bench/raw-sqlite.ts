import { createHash } from 'node:crypto';

import { GENESIS_HASH } from '@app/event-store';
import BetterSqlite3 from 'better-sqlite3';
import canonicalize from 'canonicalize';

/**
 * The same work as the event store, written straight against better-sqlite3 with prepared
 * statements: the floor the product's overhead is measured against.
 */
export class RawSqliteLog {
  private readonly db: BetterSqlite3.Database;

  constructor(path: string, synchronous: 'FULL' | 'NORMAL') {
    this.db = new BetterSqlite3(path, { timeout: 30_000 });
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${synchronous}`);
  }

  private readonly head = () =>
    this.db.prepare('SELECT position, hash FROM events ORDER BY position DESC LIMIT 1').get() as
      { position: number; hash: string } | undefined;

  /** One transaction: lock, read head and stream version, hash, insert, update the catalogue. */
  append(streamId: string, events: { eventId: string; type: string; data: object }[]): void {
    const insert = this.db.prepare(
      `INSERT INTO events (position, event_id, stream_id, stream_version, type, schema_version, data, metadata,
         recorded_at, prev_hash, hash) VALUES (?, ?, ?, ?, ?, 1, ?, '{}', ?, ?, ?)`,
    );
    const version = this.db.prepare('SELECT MAX(stream_version) AS v FROM events WHERE stream_id = ?');
    const catalogue = this.db.prepare(
      `INSERT INTO stream_catalogue (stream_id, stream_type, version, first_position, last_position, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version,
       last_position = excluded.last_position, updated_at = excluded.updated_at`,
    );
    this.db
      .transaction(() => {
        const head = this.head();
        let position = head?.position ?? 0;
        let prev = head?.hash ?? GENESIS_HASH;
        let streamVersion = (version.get(streamId) as { v: number | null }).v ?? 0;
        const recordedAt = new Date().toISOString();
        for (const event of events) {
          position += 1;
          streamVersion += 1;
          const hash = createHash('sha256')
            .update(prev)
            .update(
              canonicalize({
                position,
                eventId: event.eventId,
                streamId,
                streamVersion,
                type: event.type,
                schemaVersion: 1,
                data: event.data,
                metadata: {},
                recordedAt,
              })!,
            )
            .digest('hex');
          insert.run(
            position,
            event.eventId,
            streamId,
            streamVersion,
            event.type,
            JSON.stringify(event.data),
            recordedAt,
            prev,
            hash,
          );
          catalogue.run(streamId, 'bench', streamVersion, position, position, recordedAt, recordedAt);
          prev = hash;
        }
      })
      .immediate();
  }

  /** Walk the chain: read every row, parse it, recompute its hash. */
  verify(): number {
    let prev = GENESIS_HASH;
    let count = 0;
    const rows = this.db.prepare('SELECT * FROM events ORDER BY position').iterate() as IterableIterator<
      Record<string, string | number>
    >;
    for (const row of rows) {
      const hash = createHash('sha256')
        .update(prev)
        .update(
          canonicalize({
            position: row.position,
            eventId: row.event_id,
            streamId: row.stream_id,
            streamVersion: row.stream_version,
            type: row.type,
            schemaVersion: row.schema_version,
            data: JSON.parse(String(row.data)) as unknown,
            metadata: JSON.parse(String(row.metadata)) as unknown,
            recordedAt: row.recorded_at,
          })!,
        )
        .digest('hex');
      if (hash !== row.hash) throw new Error(`raw verify: mismatch at ${row.position}`);
      prev = hash;
      count += 1;
    }
    return count;
  }

  /** Empty the stream catalogue and rebuild it from every event, in one transaction. */
  rebuildCatalogue(): number {
    const upsert = this.db.prepare(
      `INSERT INTO stream_catalogue (stream_id, stream_type, version, first_position, last_position, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version,
       last_position = excluded.last_position, updated_at = excluded.updated_at`,
    );
    let count = 0;
    this.db
      .transaction(() => {
        this.db.prepare('DELETE FROM stream_catalogue').run();
        // better-sqlite3 cannot write while a statement iterates: read in pages, as the product does.
        const page = this.db.prepare(
          `SELECT position, stream_id, stream_version, data, metadata, recorded_at FROM events
           WHERE position > ? ORDER BY position LIMIT 5000`,
        );
        for (let after = 0; ;) {
          const rows = page.all(after) as Array<Record<string, string | number>>;
          if (rows.length === 0) break;
          for (const row of rows) {
            JSON.parse(String(row.data));
            JSON.parse(String(row.metadata));
            const streamId = String(row.stream_id);
            const at = row.recorded_at;
            upsert.run(
              streamId,
              streamId.split('-')[0],
              row.stream_version,
              row.position,
              row.position,
              at,
              at,
            );
            count += 1;
          }
          after = Number(rows[rows.length - 1]!.position);
        }
      })
      .immediate();
    return count;
  }

  close(): void {
    this.db.close();
  }
}

const TIMELINE_TABLES = [
  'timeline_entries',
  'timeline_entry_tags',
  'timeline_entry_versions',
  'timeline_entry_version_tags',
];

/**
 * The floor under `rebuild timeline`: the log read back and parsed, and the very rows the product
 * wrote written again with prepared single-row statements in one transaction.
 */
export class RawSqliteTimeline {
  private readonly db: BetterSqlite3.Database;

  constructor(path: string) {
    this.db = new BetterSqlite3(path, { timeout: 30_000 });
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
  }

  /** Every entry event read in pages of 5,000 and its JSON parsed: the replay without the fold. */
  replay(): number {
    const page = this.db.prepare(
      `SELECT position, event_id, stream_id, stream_version, type, schema_version, data, metadata, recorded_at
       FROM events WHERE position > ? AND stream_id >= 'entry-' AND stream_id < 'entry.' ORDER BY position LIMIT 5000`,
    );
    let count = 0;
    for (let after = 0; ;) {
      const rows = page.all(after) as Array<Record<string, string | number>>;
      if (rows.length === 0) break;
      for (const row of rows) {
        JSON.parse(String(row.data));
        JSON.parse(String(row.metadata));
        count += 1;
      }
      after = Number(rows[rows.length - 1]!.position);
    }
    return count;
  }

  /** Reads the read model as it is, then times emptying it and writing the same rows again. */
  rewrite(): { ms: number; cpuMs: number; rows: number } {
    const tables = TIMELINE_TABLES.map((table) => {
      const rows = this.db.prepare(`SELECT * FROM ${table}`).raw().all() as unknown[][];
      const columns = this.db
        .prepare(`SELECT * FROM ${table} LIMIT 1`)
        .columns()
        .map((c) => c.name);
      const insert = this.db.prepare(
        `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
      );
      return { table, rows, insert };
    });
    const entries = this.db
      .prepare('SELECT sort_key, status, search_text FROM timeline_entries')
      .all() as Array<{ sort_key: number; status: string; search_text: string }>;
    const search = entries
      .map((e) => {
        const words = [...new Set(e.search_text.split(/\s+/))].filter(Boolean).join('\n');
        return [e.status === 'active' ? e.sort_key : -e.sort_key, words, grams(words)] as const;
      })
      .sort((a, b) => a[0] - b[0]);
    const words = this.db.prepare('INSERT INTO timeline_search (rowid, search_text) VALUES (?, ?)');
    const gramRows = this.db.prepare('INSERT INTO timeline_search_grams (rowid, grams) VALUES (?, ?)');
    const started = performance.now();
    const cpu = process.cpuUsage();
    this.db
      .transaction(() => {
        for (const { table } of [...tables].reverse()) this.db.prepare(`DELETE FROM ${table}`).run();
        for (const table of ['timeline_search', 'timeline_search_grams']) {
          this.db.prepare(`INSERT INTO ${table} (${table}) VALUES ('delete-all')`).run();
        }
        for (const { rows, insert } of tables) for (const row of rows) insert.run(...row);
        for (const [rowid, text, gram] of search) {
          words.run(rowid, text);
          gramRows.run(rowid, gram);
        }
      })
      .immediate();
    const used = process.cpuUsage(cpu);
    return {
      ms: performance.now() - started,
      cpuMs: (used.user + used.system) / 1000,
      rows: tables.reduce((sum, t) => sum + t.rows.length, 0) + 2 * search.length,
    };
  }

  close(): void {
    this.db.close();
  }
}

/** The product's grams of a text (timeline-rows searchGrams), written out again for the raw twin. */
function grams(text: string): string {
  const tokens = new Set<string>();
  let previous = '';
  for (const char of text) {
    const hex = /\s/.test(char) ? '' : char.codePointAt(0)!.toString(16);
    if (hex) {
      tokens.add(`g${hex}`);
      if (previous) tokens.add(`g${previous}x${hex}`);
    }
    previous = hex;
  }
  return [...tokens].join(' ');
}
