import type { EventStore } from '@app/event-store';
import { Mutex } from 'async-mutex';

import type { FeedStateStore } from '../feeds/feed-state.service';
import type { PipelineSink } from './ingest-pipeline';

/**
 * The worker's sink: what a feed has shown before comes from `feed_items_seen`, and candidates are
 * appended to the log in one atomic append per poll. `exclusive` spans whatever must not write
 * candidates at the same time (the worker passes its cross-process lock; alone, a process mutex).
 */
export function logSink(
  states: FeedStateStore,
  events: EventStore,
  exclusive: <T>(work: () => Promise<T>) => Promise<T> = processMutex(),
): PipelineSink {
  return {
    dryRun: false,
    seen: (feedId, guids) => states.seen(feedId, guids),
    exclusive,
    append: async (requests) => {
      if (requests.length === 0) return 0;
      const result = await events.appendToStreams(requests);
      return result.replayed ? 0 : result.events.length;
    },
  };
}

function processMutex(): <T>(work: () => Promise<T>) => Promise<T> {
  const mutex = new Mutex();
  return (work) => mutex.runExclusive(work);
}
