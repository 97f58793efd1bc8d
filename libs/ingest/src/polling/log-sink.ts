import type { Database, Transaction } from '@app/database';
import type { EventStore } from '@app/event-store';

import type { FeedStateStore } from '../feeds/feed-state.service';
import type { PipelineSink, SinkSession } from './ingest-pipeline';

/** At most this many polls settle in one transaction. */
const MAX_GROUP = 16;

interface Poll {
  work: (session: SinkSession) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * The worker's sink: what a feed has shown before comes from `feed_items_seen`, and each poll is
 * settled in one transaction that takes the log's write lock first, so dedupe reads, the append
 * and the feed's state commit together, with no other writer of the log in between (in this
 * process or another: SQLite's write lock, PostgreSQL's log_writer_lock row).
 *
 * Polls that come to settle while another poll's transaction is open join it (group commit): each
 * runs in a savepoint of its own, so one that fails rolls back alone, and they commit together,
 * with one fsync instead of one each (SQLITE_SYNCHRONOUS=FULL). A poll is told it settled only
 * once that commit is done; when the commit fails, every poll of the group is told so.
 */
export function logSink(database: Database, states: FeedStateStore, events: EventStore): PipelineSink {
  const queue: Poll[] = [];
  let flushing = false;

  const session = (tx: Transaction): SinkSession => ({
    sql: tx,
    tx,
    append: async (requests) => {
      const result = await events.appendInTransaction(tx, requests);
      return result.replayed ? 0 : result.events.length;
    },
  });

  /** One transaction: the first poll waiting, then whoever comes meanwhile. */
  const settleGroup = async () => {
    const taken: Poll[] = [queue.shift()!];
    const settled: { poll: Poll; value: unknown }[] = [];
    try {
      await database.transaction(async (tx) => {
        await tx.lockLog();
        for (let i = 0; i < taken.length; i += 1) {
          const poll = taken[i]!;
          try {
            settled.push({ poll, value: await tx.savepoint(() => poll.work(session(tx))) });
          } catch (error) {
            // Rolled back alone. Nobody joins after a failure: when it cost the transaction itself,
            // the commit fails and tells everyone taken so far.
            poll.reject(error);
            break;
          }
          if (taken.length < MAX_GROUP && queue.length > 0) taken.push(queue.shift()!);
        }
      });
    } catch (error) {
      for (const poll of taken) poll.reject(error);
      return;
    }
    for (const { poll, value } of settled) poll.resolve(value);
  };

  const flush = async () => {
    flushing = true;
    try {
      while (queue.length > 0) await settleGroup();
    } finally {
      flushing = false;
    }
  };

  return {
    dryRun: false,
    seen: (feedId, guids) => states.seen(feedId, guids),
    settle: <T>(work: (session: SinkSession) => Promise<T>) =>
      new Promise<T>((resolve, reject) => {
        queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
        if (!flushing) void flush();
      }),
  };
}
