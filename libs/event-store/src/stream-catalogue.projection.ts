import type { Transaction } from '@app/database';
import { Injectable } from '@nestjs/common';

import type { StoredEvent } from './event';
import { InlineProjection, type Projection } from './projection';

/** Every stream with its type, version and the positions it spans: the log's table of contents. */
@Injectable()
@InlineProjection()
export class StreamCatalogueProjection implements Projection {
  readonly name = 'stream-catalogue';
  readonly tables = ['stream_catalogue'];

  async apply(event: StoredEvent, tx: Transaction): Promise<void> {
    await tx.execute(
      `INSERT INTO stream_catalogue
         (stream_id, stream_type, version, first_position, last_position, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $4, $5, $5)
       ON CONFLICT (stream_id) DO UPDATE SET
         version = excluded.version, last_position = excluded.last_position, updated_at = excluded.updated_at`,
      [event.streamId, streamType(event.streamId), event.streamVersion, event.position, event.recordedAt],
    );
  }
}

/** `entry-0190…` is of type `entry`: stream ids are `<type>-<id>` (DESIGN.md section 4). */
export function streamType(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash > 0 ? streamId.slice(0, dash) : streamId;
}
