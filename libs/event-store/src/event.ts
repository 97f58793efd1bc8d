/** Who or what caused an event, and why: carried with every event, hashed with it. */
export interface EventMetadata {
  /** The actor: `key:<key id>`, `system:<component>` or `seed`. */
  actor?: string;
  commandId?: string;
  correlationId?: string;
  causationId?: string;
  source?: string;
  [key: string]: unknown;
}

export type JsonObject = { [key: string]: unknown };

/** An event as a command produces it, before the log gives it a place. */
export interface NewEvent<TType extends string = string, TData extends JsonObject = JsonObject> {
  /** Caller-supplied for idempotency; generated when absent. */
  eventId?: string;
  type: TType;
  data: TData;
  metadata?: EventMetadata;
  /** Defaults to the newest version the upcasters know for this type. */
  schemaVersion?: number;
}

/** An event as the log holds it. */
export interface StoredEvent<TType extends string = string, TData extends JsonObject = JsonObject> {
  position: number;
  eventId: string;
  streamId: string;
  streamVersion: number;
  type: TType;
  schemaVersion: number;
  data: TData;
  metadata: EventMetadata;
  recordedAt: string;
  prevHash: string;
  hash: string;
}

/** A number is the version the caller last saw (0: the stream must not exist yet); 'any' skips the check. */
export type ExpectedVersion = number | 'any';

export interface AppendRequest {
  streamId: string;
  expectedVersion: ExpectedVersion;
  events: readonly NewEvent[];
}

export interface AppendResult {
  events: StoredEvent[];
  /** The log's last position after the append. */
  position: number;
  /** True when every event was already stored: nothing was appended, the stored events are returned. */
  replayed: boolean;
}

/** The newest point of the log, as written by `verify --write-head` and checked by `verify --check-head`. */
export interface LogHead {
  position: number;
  hash: string;
  recordedAt: string | null;
}
