import { Database, insertRows, join, sql, type Transaction } from '@app/database';
import { Inject, Injectable } from '@nestjs/common';

import { EventLoopSlices } from '../polling/event-loop-slices';
import { type FeedPollState, INITIAL_POLL_STATE } from '../polling/poll-state';

type StateRow = {
  feed_id: string;
  etag: string | null;
  last_modified: string | null;
  last_polled_at: string | null;
  last_success_at: string | null;
  last_status: number | string | null;
  last_error: string | null;
  last_error_at: string | null;
  consecutive_failures: number | string;
  next_poll_at: string | null;
  items_seen: number | string;
  items_proposed: number | string;
  items_corroborated: number | string;
  gone_at: string | null;
  last_warning: string | null;
  last_warning_at: string | null;
  last_new_item_at: string | null;
};

const COLUMNS =
  'feed_id, etag, last_modified, last_polled_at, last_success_at, last_status, last_error, last_error_at, ' +
  'consecutive_failures, next_poll_at, items_seen, items_proposed, items_corroborated, gone_at, ' +
  'last_warning, last_warning_at, last_new_item_at';

const SEEN_CHUNK = 200;
/** At most this many polls' saves in one transaction. */
const MAX_GROUP = 50;

/**
 * What a poll does to its feed's state, applied to the state as saved when its write runs: two
 * polls of one feed can overlap (a scheduled tick and "poll now", or a tick that came while the
 * last was still settling), and the later one must not write back what it read before the other
 * saved, undoing its counts and `lastNewItemAt`.
 */
export type StateChange = (current: FeedPollState) => FeedPollState;

interface PendingWrite {
  feedId: string;
  change: StateChange;
  newGuids: readonly string[];
  at: Date;
  resolve: (saved: FeedPollState) => void;
  reject: (error: unknown) => void;
}

/**
 * Each feed's polling state (`feed_state`) and the GUIDs it has shown (`feed_items_seen`):
 * operational state, not history (DESIGN.md section 4), so ordinary tables outside the log.
 */
@Injectable()
export class FeedStateStore {
  private readonly pending: PendingWrite[] = [];
  private flushing = false;

  constructor(@Inject(Database) private readonly database: Database) {}

  async get(feedId: string): Promise<FeedPollState> {
    const [row] = await this.database.query<StateRow>(
      `SELECT ${COLUMNS} FROM feed_state WHERE feed_id = $1`,
      [feedId],
    );
    return row ? fromRow(row) : INITIAL_POLL_STATE;
  }

  async all(): Promise<Map<string, FeedPollState>> {
    const rows = await this.database.query<StateRow>(`SELECT ${COLUMNS} FROM feed_state`);
    return new Map(rows.map((row) => [row.feed_id, fromRow(row)]));
  }

  /** Which of these GUIDs the feed has shown before. */
  async seen(feedId: string | null, guids: readonly string[]): Promise<Set<string>> {
    const found = new Set<string>();
    if (!feedId) return found;
    const slices = new EventLoopSlices();
    for (let i = 0; i < guids.length; i += SEEN_CHUNK) {
      await slices.pass();
      const chunk = guids.slice(i, i + SEEN_CHUNK);
      const rows = await this.database.query<{ item_key: string }>(
        sql`SELECT item_key FROM feed_items_seen WHERE feed_id = ${feedId} AND item_key IN (${join(chunk)})`,
      );
      for (const row of rows) found.add(row.item_key);
    }
    return found;
  }

  /**
   * Saves a poll's outcome and the GUIDs it saw for the first time, together. Polls that finish
   * while a save is being committed are saved together in the next transaction (group commit):
   * with SQLITE_SYNCHRONOUS=FULL each commit costs an fsync, and a cycle of 304s is little else.
   */
  record(feedId: string, change: StateChange, newGuids: readonly string[], at: Date): Promise<FeedPollState> {
    return new Promise((resolve, reject) => {
      this.pending.push({ feedId, change, newGuids, at, resolve, reject });
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0, MAX_GROUP);
        try {
          const saved: FeedPollState[] = [];
          await this.database.transaction(async (tx) => {
            for (const write of batch) saved.push(await this.write(tx, write));
          });
          batch.forEach((write, i) => write.resolve(saved[i]!));
        } catch (error) {
          for (const write of batch) write.reject(error);
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  /** Saves a poll's outcome and new GUIDs inside the caller's transaction (the poll's append). */
  recordIn(
    tx: Transaction,
    feedId: string,
    change: StateChange,
    newGuids: readonly string[],
    at: Date,
  ): Promise<FeedPollState> {
    return this.write(tx, { feedId, change, newGuids, at });
  }

  /** The state as saved, locked until the transaction ends (PostgreSQL; SQLite has one writer). */
  private async lockedState(tx: Transaction, feedId: string): Promise<FeedPollState> {
    const read = () =>
      tx.query<StateRow>(
        `SELECT ${COLUMNS} FROM feed_state WHERE feed_id = $1${tx.kind === 'postgres' ? ' FOR UPDATE' : ''}`,
        [feedId],
      );
    let [row] = await read();
    if (!row && tx.kind === 'postgres') {
      // No row to lock yet (a feed's first poll): make one, so that an overlapping first poll waits.
      await tx.execute(
        `INSERT INTO feed_state (feed_id, updated_at) VALUES ($1, $2) ON CONFLICT (feed_id) DO NOTHING`,
        [feedId, new Date(0).toISOString()],
      );
      [row] = await read();
    }
    return row ? fromRow(row) : INITIAL_POLL_STATE;
  }

  private async write(
    tx: Transaction,
    { feedId, change, newGuids, at }: Pick<PendingWrite, 'feedId' | 'change' | 'newGuids' | 'at'>,
  ): Promise<FeedPollState> {
    const state = change(await this.lockedState(tx, feedId));
    await tx.execute(
      `INSERT INTO feed_state (${COLUMNS}, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
       ON CONFLICT (feed_id) DO UPDATE SET
         etag = excluded.etag, last_modified = excluded.last_modified,
         last_polled_at = excluded.last_polled_at, last_success_at = excluded.last_success_at,
         last_status = excluded.last_status, last_error = excluded.last_error,
         last_error_at = excluded.last_error_at, consecutive_failures = excluded.consecutive_failures,
         next_poll_at = excluded.next_poll_at, items_seen = excluded.items_seen,
         items_proposed = excluded.items_proposed, items_corroborated = excluded.items_corroborated,
         gone_at = excluded.gone_at, last_warning = excluded.last_warning,
         last_warning_at = excluded.last_warning_at, last_new_item_at = excluded.last_new_item_at,
         updated_at = excluded.updated_at`,
      [
        feedId,
        state.etag,
        state.lastModified,
        state.lastPolledAt,
        state.lastSuccessAt,
        state.lastStatus,
        state.lastError,
        state.lastErrorAt,
        state.consecutiveFailures,
        state.nextPollAt,
        state.itemsSeen,
        state.itemsProposed,
        state.itemsCorroborated,
        state.goneAt,
        state.lastWarning,
        state.lastWarningAt,
        state.lastNewItemAt,
        at.toISOString(),
      ],
    );
    const seenAt = at.toISOString();
    const slices = new EventLoopSlices();
    for (let i = 0; i < newGuids.length; i += SEEN_CHUNK) {
      await slices.pass();
      const chunk = newGuids.slice(i, i + SEEN_CHUNK);
      await insertRows(
        tx,
        'feed_items_seen',
        'feed_id, item_key, seen_at',
        chunk.map((key) => [feedId, key, seenAt]),
        sql`ON CONFLICT (feed_id, item_key) DO NOTHING`,
      );
    }
    return state;
  }

  /**
   * A feed registered again starts afresh: no backoff, not gone, validators dropped (the first poll
   * reads the whole document). What it has shown before stays seen, and its counts stay.
   */
  async restart(feedId: string, at: Date): Promise<void> {
    const state = await this.get(feedId);
    if (state === INITIAL_POLL_STATE) return;
    await this.record(
      feedId,
      (current) => ({
        ...current,
        etag: null,
        lastModified: null,
        consecutiveFailures: 0,
        nextPollAt: null,
        goneAt: null,
      }),
      [],
      at,
    );
  }
}

function fromRow(row: StateRow): FeedPollState {
  const num = (value: number | string | null) => (value === null ? null : Number(value));
  return {
    etag: row.etag,
    lastModified: row.last_modified,
    lastPolledAt: row.last_polled_at,
    lastSuccessAt: row.last_success_at,
    lastStatus: num(row.last_status),
    lastError: row.last_error,
    lastErrorAt: row.last_error_at,
    consecutiveFailures: Number(row.consecutive_failures),
    nextPollAt: row.next_poll_at,
    itemsSeen: Number(row.items_seen),
    itemsProposed: Number(row.items_proposed),
    itemsCorroborated: Number(row.items_corroborated),
    goneAt: row.gone_at,
    lastWarning: row.last_warning,
    lastWarningAt: row.last_warning_at,
    lastNewItemAt: row.last_new_item_at,
  };
}
