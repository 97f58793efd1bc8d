import { createHash } from 'node:crypto';

import canonicalize from 'canonicalize';

import type { EventMetadata, JsonObject } from './event';

export const GENESIS_HASH = '0'.repeat(64);

/** The fields of an event that its hash covers: all of them but the hashes themselves. */
export interface HashedFields {
  position: number;
  eventId: string;
  streamId: string;
  streamVersion: number;
  type: string;
  schemaVersion: number;
  data: JsonObject;
  metadata: EventMetadata;
  recordedAt: string;
}

/** hash = sha256(prev_hash || canonical JSON (RFC 8785) of the event), hex. */
export function hashEvent(prevHash: string, event: HashedFields): string {
  const canonical = canonicalize({
    position: event.position,
    eventId: event.eventId,
    streamId: event.streamId,
    streamVersion: event.streamVersion,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    metadata: event.metadata,
    recordedAt: event.recordedAt,
  });
  if (canonical === undefined) throw new Error('event cannot be serialised as JSON');
  return createHash('sha256').update(prevHash).update(canonical).digest('hex');
}
