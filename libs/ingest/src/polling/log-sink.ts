import type { Database } from '@app/database';
import type { EventStore } from '@app/event-store';

import type { FeedStateStore } from '../feeds/feed-state.service';
import type { PipelineSink } from './ingest-pipeline';

/**
 * The worker's sink: what a feed has shown before comes from `feed_items_seen`, and each poll is
 * settled in one transaction that takes the log's write lock first, so dedupe reads, the append
 * and the feed's state commit together, with no other writer of the log in between (in this
 * process or another: SQLite's write lock, PostgreSQL's log_writer_lock row).
 */
export function logSink(database: Database, states: FeedStateStore, events: EventStore): PipelineSink {
  return {
    dryRun: false,
    seen: (feedId, guids) => states.seen(feedId, guids),
    settle: (work) =>
      database.transaction(async (tx) => {
        await tx.lockLog();
        return work({
          sql: tx,
          tx,
          append: async (requests) => {
            const result = await events.appendInTransaction(tx, requests);
            return result.replayed ? 0 : result.events.length;
          },
        });
      }),
  };
}
