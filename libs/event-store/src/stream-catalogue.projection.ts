import { insertRows, sql, type Transaction } from '@app/database';
import { Injectable } from '@nestjs/common';

import type { StoredEvent } from './event';
import { InlineProjection, type Projection } from './projection';

/** Every stream with its type, version and the positions it spans: the log's table of contents. */
@Injectable()
@InlineProjection()
export class StreamCatalogueProjection implements Projection {
  readonly name = 'stream-catalogue';
  readonly tables = ['stream_catalogue'];

  apply(event: StoredEvent, tx: Transaction): Promise<void> {
    return this.applyBatch([event], tx);
  }

  /**
   * One row per stream the events touch, in one statement: a new stream starts at its first event
   * here, and every stream ends at its last (what applying them one by one would leave).
   */
  async applyBatch(events: readonly StoredEvent[], tx: Transaction): Promise<void> {
    const spans = new Map<string, { first: StoredEvent; last: StoredEvent }>();
    for (const event of events) {
      const span = spans.get(event.streamId);
      if (span) span.last = event;
      else spans.set(event.streamId, { first: event, last: event });
    }
    await insertRows(
      tx,
      'stream_catalogue',
      'stream_id, stream_type, version, first_position, last_position, created_at, updated_at',
      [...spans.values()].map(({ first, last }) => [
        first.streamId,
        streamType(first.streamId),
        last.streamVersion,
        first.position,
        last.position,
        first.recordedAt,
        last.recordedAt,
      ]),
      sql`ON CONFLICT (stream_id) DO UPDATE SET
            version = excluded.version, last_position = excluded.last_position, updated_at = excluded.updated_at`,
    );
  }
}

/** `entry-0190…` is of type `entry`: stream ids are `<type>-<id>` (DESIGN.md section 4). */
export function streamType(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash > 0 ? streamId.slice(0, dash) : streamId;
}
