import type { Transaction } from '@app/database';
import { InlineProjection, type Projection, type StoredEvent } from '@app/event-store';
import { Injectable } from '@nestjs/common';

import { FEED_EVENT_TYPES, type FeedEvent } from './feed-events';

/** The feeds read model: one row per feed ever registered, active (polled or paused) or removed. */
@Injectable()
@InlineProjection()
export class FeedsProjection implements Projection {
  readonly name = 'feeds';
  readonly tables = ['feeds'];
  readonly eventTypes = FEED_EVENT_TYPES;

  async apply(stored: StoredEvent, tx: Transaction): Promise<void> {
    const event = stored as unknown as FeedEvent;
    switch (event.type) {
      case 'FeedRegistered': {
        const { feedId, url, title, language, origin, by } = event.data;
        await tx.execute(
          `INSERT INTO feeds (id, url, title, language, origin, active, registered_at, registered_by, updated_at,
             removed_at, removed_by, removed_reason, paused_at, paused_by, paused_reason)
           VALUES ($1, $2, $3, $4, $5, 1, $6, $7, $6, NULL, NULL, NULL, NULL, NULL, NULL)
           ON CONFLICT (id) DO UPDATE SET url = excluded.url, title = excluded.title,
             language = excluded.language, origin = excluded.origin, active = 1,
             registered_at = excluded.registered_at, registered_by = excluded.registered_by,
             updated_at = excluded.updated_at, removed_at = NULL, removed_by = NULL, removed_reason = NULL,
             paused_at = NULL, paused_by = NULL, paused_reason = NULL`,
          [feedId, url, title, language, origin, stored.recordedAt, by],
        );
        return;
      }
      case 'FeedUpdated': {
        const { feedId, changes } = event.data;
        if (changes.title !== undefined) {
          await tx.execute('UPDATE feeds SET title = $1 WHERE id = $2', [changes.title, feedId]);
        }
        if (changes.language !== undefined) {
          await tx.execute('UPDATE feeds SET language = $1 WHERE id = $2', [changes.language, feedId]);
        }
        await tx.execute('UPDATE feeds SET updated_at = $1 WHERE id = $2', [stored.recordedAt, feedId]);
        return;
      }
      case 'FeedRemoved': {
        const { feedId, reason, by } = event.data;
        await tx.execute(
          `UPDATE feeds SET active = 0, removed_at = $1, removed_by = $2, removed_reason = $3, updated_at = $1,
             paused_at = NULL, paused_by = NULL, paused_reason = NULL
           WHERE id = $4`,
          [stored.recordedAt, by, reason, feedId],
        );
        return;
      }
      case 'FeedPaused': {
        const { feedId, reason, by } = event.data;
        await tx.execute(
          `UPDATE feeds SET paused_at = $1, paused_by = $2, paused_reason = $3, updated_at = $1 WHERE id = $4`,
          [stored.recordedAt, by, reason, feedId],
        );
        return;
      }
      case 'FeedResumed':
        await tx.execute(
          `UPDATE feeds SET paused_at = NULL, paused_by = NULL, paused_reason = NULL, updated_at = $1 WHERE id = $2`,
          [stored.recordedAt, event.data.feedId],
        );
        return;
    }
  }
}
