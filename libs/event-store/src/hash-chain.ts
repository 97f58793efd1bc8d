import { createHash } from 'node:crypto';

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

/**
 * Canonical JSON (RFC 8785), the same text the `canonicalize` package gives (its spec checks so),
 * written with loops rather than reduce and template strings: verify spends most of its time here.
 */
export function canonicalJson(value: unknown): string {
  if (typeof value !== 'object' || value === null) {
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new Error(`${value} cannot be serialised as canonical JSON`);
    }
    const text = JSON.stringify(value) as string | undefined;
    if (text === undefined) throw new Error(`a ${typeof value} cannot be serialised as JSON`);
    return text;
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return canonicalJson((value as { toJSON(): unknown }).toJSON());
  }
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i += 1) {
      const item: unknown = value[i];
      if (i > 0) out += ',';
      out += item === undefined || typeof item === 'symbol' ? 'null' : canonicalJson(item);
    }
    return `${out}]`;
  }
  const object = value as Record<string, unknown>;
  // Default sort compares UTF-16 code units, which is the order RFC 8785 asks for.
  const keys = Object.keys(object).sort();
  let out = '{';
  for (const key of keys) {
    const item = object[key];
    if (item === undefined || typeof item === 'symbol') continue;
    if (out.length > 1) out += ',';
    out += `${JSON.stringify(key)}:${canonicalJson(item)}`;
  }
  return `${out}}`;
}

/**
 * hash = sha256(prev_hash || canonical JSON (RFC 8785) of the event), hex. The event's own keys are
 * written in their canonical (sorted) order by hand; only data and metadata need sorting.
 */
export function hashEvent(prevHash: string, event: HashedFields): string {
  const canonical =
    `{"data":${canonicalJson(event.data)},"eventId":${canonicalJson(event.eventId)}` +
    `,"metadata":${canonicalJson(event.metadata)},"position":${canonicalJson(event.position)}` +
    `,"recordedAt":${canonicalJson(event.recordedAt)},"schemaVersion":${canonicalJson(event.schemaVersion)}` +
    `,"streamId":${canonicalJson(event.streamId)},"streamVersion":${canonicalJson(event.streamVersion)}` +
    `,"type":${canonicalJson(event.type)}}`;
  return createHash('sha256')
    .update(prevHash + canonical)
    .digest('hex');
}
