import type { Sql } from '@app/database';

import type { EventMetadata, JsonObject, StoredEvent } from './event';

export interface EventRow {
  [column: string]: unknown;
  position: number | string;
  event_id: string;
  stream_id: string;
  stream_version: number;
  type: string;
  schema_version: number;
  data: string | JsonObject;
  metadata: string | EventMetadata;
  recorded_at: string;
  prev_hash: string;
  hash: string;
}

export const EVENT_COLUMNS =
  'position, event_id, stream_id, stream_version, type, schema_version, data, metadata, recorded_at, prev_hash, hash';

/** A row as stored, before any upcasting. PostgreSQL hands back jsonb parsed and bigint as text. */
export function fromRow(row: EventRow): StoredEvent {
  return {
    position: Number(row.position),
    eventId: row.event_id,
    streamId: row.stream_id,
    streamVersion: Number(row.stream_version),
    type: row.type,
    schemaVersion: Number(row.schema_version),
    data: typeof row.data === 'string' ? (JSON.parse(row.data) as JsonObject) : row.data,
    metadata: typeof row.metadata === 'string' ? (JSON.parse(row.metadata) as EventMetadata) : row.metadata,
    recordedAt: row.recorded_at,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** Raw events after `afterPosition`, oldest first, at most `limit`. */
export async function readRawEvents(sql: Sql, afterPosition: number, limit: number): Promise<StoredEvent[]> {
  const rows = await sql.query<EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM events WHERE position > $1 ORDER BY position LIMIT $2`,
    [afterPosition, limit],
  );
  return rows.map(fromRow);
}

export async function readHead(
  sql: Sql,
): Promise<{ position: number; hash: string; recordedAt: string } | null> {
  const [row] = await sql.query<{ position: number | string; hash: string; recorded_at: string }>(
    'SELECT position, hash, recorded_at FROM events ORDER BY position DESC LIMIT 1',
  );
  return row ? { position: Number(row.position), hash: row.hash, recordedAt: row.recorded_at } : null;
}
