import { Database, inChunks, insertRows, join, raw, type Sql, sql, type Transaction } from '@app/database';
import { Inject, Injectable } from '@nestjs/common';

import { Clock } from './clock';
import type {
  AppendRequest,
  AppendResult,
  EventMetadata,
  ExpectedVersion,
  JsonObject,
  NewEvent,
  StoredEvent,
} from './event';
import { EVENT_COLUMNS, type EventRow, fromRow, readHead, readRawEvents } from './event-rows';
import { EventStoreError } from './event-store.error';
import { GENESIS_HASH, hashEvent } from './hash-chain';
import { IdGenerator } from './id-generator';
import { Projector } from './projector';
import { UpcasterRegistry } from './upcaster-registry';

const MAX_EVENTS_PER_APPEND = 10_000;
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,199}$/;

/**
 * The append-only log (DESIGN.md section 3). Every append takes the log's write lock, checks
 * idempotency and stream versions, extends the hash chain, and advances the inline projections, all
 * in one transaction.
 */
@Injectable()
export class EventStore {
  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(Projector) private readonly projector: Projector,
    @Inject(UpcasterRegistry) private readonly upcasters: UpcasterRegistry,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(IdGenerator) private readonly ids: IdGenerator,
  ) {}

  append(
    streamId: string,
    expectedVersion: ExpectedVersion,
    events: readonly NewEvent[],
  ): Promise<AppendResult> {
    return this.appendToStreams([{ streamId, expectedVersion, events }]);
  }

  /** Appends to several streams atomically: all requests succeed together, or none does. */
  async appendToStreams(requests: readonly AppendRequest[]): Promise<AppendResult> {
    const prepared = this.prepareAll(requests);
    return this.database.transaction((tx) => this.appendIn(tx, prepared));
  }

  /**
   * The same append inside a transaction the caller opened (`Database.transaction`): what the
   * caller read there after `tx.lockLog()` cannot change before the append, and what it wrote
   * beside the events commits or rolls back with them (ingest: dedupe, feed state, seen items).
   */
  async appendInTransaction(tx: Transaction, requests: readonly AppendRequest[]): Promise<AppendResult> {
    return this.appendIn(tx, this.prepareAll(requests));
  }

  private prepareAll(requests: readonly AppendRequest[]): PreparedRequest[] {
    const prepared = requests.map((request) => ({
      ...request,
      events: request.events.map((e) => this.prepare(e)),
    }));
    validate(prepared);
    return prepared;
  }

  /** Events after `afterPosition`, oldest first, upcast to their current schema. */
  async readAll(afterPosition = 0, limit = 1_000): Promise<StoredEvent[]> {
    return (await readRawEvents(this.database, afterPosition, limit)).map((e) => this.upcasters.upcast(e));
  }

  async readStream(streamId: string, options: { upToPosition?: number } = {}): Promise<StoredEvent[]> {
    const rows = await this.database.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = $1 AND position <= $2 ORDER BY stream_version`,
      [streamId, options.upToPosition ?? Number.MAX_SAFE_INTEGER],
    );
    return rows.map((row) => this.upcasters.upcast(fromRow(row)));
  }

  /**
   * Every event of the streams of one type (`entry` reads `entry-*`), oldest first, up to a position.
   * Stream ids sort between '<type>-' and '<type>.', so the (stream_id, stream_version) index serves it.
   */
  async readStreamType(streamType: string, options: { upToPosition?: number } = {}): Promise<StoredEvent[]> {
    const rows = await this.database.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id >= $1 AND stream_id < $2 AND position <= $3 ORDER BY position`,
      [`${streamType}-`, `${streamType}.`, options.upToPosition ?? Number.MAX_SAFE_INTEGER],
    );
    return rows.map((row) => this.upcasters.upcast(fromRow(row)));
  }

  /** The stream's last version (0 when it has no events). */
  streamVersion(streamId: string): Promise<number> {
    return currentVersion(this.database, streamId);
  }

  async head(): Promise<{ position: number; hash: string; recordedAt: string | null }> {
    return (await readHead(this.database)) ?? { position: 0, hash: GENESIS_HASH, recordedAt: null };
  }

  /**
   * The last position recorded at or before `time`: the log as it stood then is events 1..that.
   * `recorded_at` never goes backwards, so that is the last row in time order: one index seek,
   * where MAX(position) would read every earlier entry of the index.
   */
  async positionAt(time: Date): Promise<number> {
    const [row] = await this.database.query<{ position: number | string }>(
      'SELECT position FROM events WHERE recorded_at <= $1 ORDER BY recorded_at DESC, position DESC LIMIT 1',
      [time.toISOString()],
    );
    return Number(row?.position ?? 0);
  }

  private prepare(event: NewEvent): Required<NewEvent> {
    return {
      eventId: event.eventId ?? this.ids.next(),
      type: event.type,
      // Stored as JSON; the hash must cover exactly what a reader will get back.
      data: toJson(event.data, 'data') as JsonObject,
      metadata: toJson(event.metadata ?? {}, 'metadata') as EventMetadata,
      schemaVersion: event.schemaVersion ?? this.upcasters.currentVersion(event.type),
    };
  }

  private async appendIn(tx: Transaction, requests: PreparedRequest[]): Promise<AppendResult> {
    await tx.lockLog();
    const eventIds = requests.flatMap((r) => r.events.map((e) => e.eventId));
    const stored = await this.findByEventIds(tx, eventIds);
    if (stored.length === eventIds.length) {
      const head = await readHead(tx);
      return {
        events: stored.map((e) => this.upcasters.upcast(e)),
        position: head?.position ?? 0,
        replayed: true,
      };
    }
    if (stored.length > 0) {
      throw new EventStoreError(
        'IDEMPOTENCY_MISMATCH',
        `Some of these events are stored already (${stored.map((e) => e.eventId).join(', ')}), others are not`,
        { storedEventIds: stored.map((e) => e.eventId) },
      );
    }

    const versions = new Map<string, number>();
    for (const request of requests) {
      const actual = await currentVersion(tx, request.streamId);
      if (request.expectedVersion !== 'any' && request.expectedVersion !== actual) {
        throw EventStoreError.conflict(request.streamId, request.expectedVersion, actual);
      }
      versions.set(request.streamId, actual);
    }

    const head = await readHead(tx);
    // recorded_at never goes backwards, so "as of a time" is always a prefix of the log.
    const now = this.clock.now().toISOString();
    const recordedAt = head && head.recordedAt > now ? head.recordedAt : now;
    let position = head?.position ?? 0;
    let prevHash = head?.hash ?? GENESIS_HASH;
    const appended: StoredEvent[] = [];
    for (const request of requests) {
      let version = versions.get(request.streamId)!;
      for (const event of request.events) {
        position += 1;
        version += 1;
        const fields = {
          position,
          eventId: event.eventId,
          streamId: request.streamId,
          streamVersion: version,
          type: event.type,
          schemaVersion: event.schemaVersion,
          data: event.data,
          metadata: event.metadata,
          recordedAt,
        };
        const hash = hashEvent(prevHash, fields);
        appended.push({ ...fields, prevHash, hash });
        prevHash = hash;
      }
    }
    await insertEvents(tx, appended);
    await this.projector.applyInline(tx, appended);
    return { events: appended.map((e) => this.upcasters.upcast(e)), position, replayed: false };
  }

  private async findByEventIds(tx: Transaction, eventIds: string[]): Promise<StoredEvent[]> {
    const found: StoredEvent[] = [];
    for (const chunk of inChunks(eventIds)) {
      const rows = await tx.query<EventRow>(
        sql`SELECT ${raw(EVENT_COLUMNS)} FROM events WHERE event_id IN (${join(chunk)}) ORDER BY position`,
      );
      found.push(...rows.map(fromRow));
    }
    return found;
  }
}

type PreparedRequest = Omit<AppendRequest, 'events'> & { events: Required<NewEvent>[] };

function validate(requests: PreparedRequest[]): void {
  const fail = (message: string, details: Record<string, unknown> = {}): never => {
    throw new EventStoreError('INVALID_APPEND', message, details);
  };
  if (requests.length === 0) fail('Nothing to append');
  const streams = new Set<string>();
  const eventIds = new Set<string>();
  let count = 0;
  for (const { streamId, expectedVersion, events } of requests) {
    if (!ID_PATTERN.test(streamId)) fail(`Invalid stream id ${JSON.stringify(streamId)}`, { streamId });
    if (streams.has(streamId)) fail(`Stream ${streamId} appears twice in one append`, { streamId });
    streams.add(streamId);
    if (expectedVersion !== 'any' && !(Number.isInteger(expectedVersion) && expectedVersion >= 0)) {
      fail(`Invalid expected version ${String(expectedVersion)} for ${streamId}`, { streamId });
    }
    if (events.length === 0) fail(`No events for stream ${streamId}`, { streamId });
    for (const event of events) {
      if (!ID_PATTERN.test(event.eventId)) fail(`Invalid event id ${JSON.stringify(event.eventId)}`);
      if (eventIds.has(event.eventId)) fail(`Event id ${event.eventId} appears twice in one append`);
      eventIds.add(event.eventId);
      if (!/^[A-Za-z][A-Za-z0-9.]{0,99}$/.test(event.type))
        fail(`Invalid event type ${JSON.stringify(event.type)}`);
      if (!Number.isInteger(event.schemaVersion) || event.schemaVersion < 1) {
        fail(`Invalid schema version for ${event.type}`);
      }
    }
    count += events.length;
  }
  if (count > MAX_EVENTS_PER_APPEND)
    fail(`At most ${MAX_EVENTS_PER_APPEND} events per append (got ${count})`);
}

function toJson(value: unknown, field: string): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new EventStoreError('INVALID_APPEND', `Event ${field} must be a JSON object`);
  }
  return JSON.parse(JSON.stringify(value)) as unknown;
}

async function currentVersion(db: Sql, streamId: string): Promise<number> {
  const [row] = await db.query<{ version: number | string | null }>(
    'SELECT MAX(stream_version) AS version FROM events WHERE stream_id = $1',
    [streamId],
  );
  return Number(row?.version ?? 0);
}

async function insertEvents(tx: Transaction, events: StoredEvent[]): Promise<void> {
  await insertRows(
    tx,
    'events',
    EVENT_COLUMNS,
    events.map((e) => [
      e.position,
      e.eventId,
      e.streamId,
      e.streamVersion,
      e.type,
      e.schemaVersion,
      JSON.stringify(e.data),
      JSON.stringify(e.metadata),
      e.recordedAt,
      e.prevHash,
      e.hash,
    ]),
  );
}
