import type { Transaction } from '@app/database';
import { DiscoveryService } from '@nestjs/core';

import type { StoredEvent } from './event';

/**
 * A read model derived from the log. `apply` must depend only on the events it is given (and the
 * tables it owns), so that replaying the log from position 0 rebuilds it exactly.
 */
export interface Projection {
  /** Unique; also the key of its checkpoint. */
  readonly name: string;
  /** The tables it owns, emptied before a rebuild, children first. */
  readonly tables: readonly string[];
  /** Tables it owns on PostgreSQL only (emptied by `reset`), analyzed after a rebuild like `tables`. */
  readonly postgresTables?: readonly string[];
  /** The event types it reads; all when absent. */
  readonly eventTypes?: readonly string[];
  apply(event: StoredEvent, tx: Transaction): Promise<void>;
  /**
   * Optional: several events at once, in log order, with the same result as `apply` on each in
   * turn; replays (`rebuild`, catching up) hand over up to a read batch at a time.
   */
  applyBatch?(events: readonly StoredEvent[], tx: Transaction): Promise<void>;
  /**
   * Its writes find rows by primary key only, never through another index of its tables: a rebuild
   * on SQLite then drops those indexes and builds each once after the replay, from sorted rows,
   * rather than growing it row by row.
   */
  readonly writesByPrimaryKey?: boolean;
  /** Empties what `tables` cannot name (e.g. a table that exists on one database only). */
  reset?(tx: Transaction): Promise<void>;
}

/**
 * Marks a provider as a projection kept inside the append transaction, so reads are consistent
 * with writes (DESIGN.md section 3.6). The provider must implement Projection.
 */
export const InlineProjection = DiscoveryService.createDecorator<void>();
