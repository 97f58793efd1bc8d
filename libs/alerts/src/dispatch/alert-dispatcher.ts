import { type AppConfig, APP_CONFIG } from '@app/config';
import { Database, inChunks, insertRows, join, sql, type Transaction } from '@app/database';
import { Checkpoints, Clock, EventStore, IdGenerator, type StoredEvent } from '@app/event-store';
import { entryStreamId } from '@app/timeline';
import { Inject, Injectable, Optional } from '@nestjs/common';

import { DeliveryQueue } from '../delivery/delivery-queue';
import {
  type ClaimedDelivery,
  DELIVERY_COLUMNS,
  type DeliveryRow,
  deliveryValues,
  fromDeliveryRow,
  leaseEnd,
} from '../delivery/delivery-rows';
import { ActiveTargets } from './active-targets';
import {
  DISPATCHED_EVENTS,
  heldBack,
  planDeliveries,
  type PriorRecipient,
  undoneAdditions,
} from './dispatch-plan';

/** The dispatcher's name in `checkpoints`. */
export const DISPATCHER = 'alert-dispatcher';

/**
 * The worker's delivery side, when the dispatcher runs beside it: takes the first attempts the
 * dispatcher claimed in its transaction, to send now.
 */
export interface LocalSender {
  sendClaimed(claims: readonly ClaimedDelivery[]): void;
}
export const LOCAL_SENDER = Symbol('LOCAL_SENDER');

/** Events read per transaction. */
const BATCH = 500;

export interface DispatchResult {
  /** Log events this call moved the checkpoint over (0: nothing new, or another worker won). */
  events: number;
  deliveries: number;
  /** An entry event still in its undo window stopped the batch: when it may be dispatched. */
  heldUntil?: Date;
}

/**
 * The log is the outbox (DESIGN.md section 7). The dispatcher reads the events after its
 * checkpoint and, in one transaction, writes one `deliveries` row per subscription each entry event
 * is owed to and moves the checkpoint on, compare-and-set: of two workers dispatching at once, one
 * moves it and the other's transaction does nothing, so no event is dispatched twice or skipped.
 * Delivery jobs are queued after the commit; if Redis is away, the sweeper queues the rows later.
 * Beside a worker (LOCAL_SENDER), the same transaction claims the first attempts (`sending` under a
 * lease, as DeliveryService claims) and hands them to the worker's lanes: no queue, no second
 * read, no claim of their own before the first byte goes out.
 */
@Injectable()
export class AlertDispatcher {
  private readonly targets = new ActiveTargets();

  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(EventStore) private readonly events: EventStore,
    @Inject(Checkpoints) private readonly checkpoints: Checkpoints,
    @Inject(DeliveryQueue) private readonly queue: DeliveryQueue,
    @Inject(IdGenerator) private readonly ids: IdGenerator,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() @Inject(LOCAL_SENDER) private readonly local?: LocalSender,
  ) {}

  /** The log's head and the dispatcher's checkpoint, in one cheap query (the wake-up poll). */
  async lag(): Promise<{ head: number; checkpoint: number }> {
    const { head, position } = await this.checkpoints.lag(this.database, DISPATCHER);
    return { head, checkpoint: position };
  }

  /**
   * Dispatches one batch after the checkpoint. An entry event is dispatched only once UNDO_WINDOW
   * has passed since it was recorded (a reviewer may undo the decision meanwhile): the batch stops
   * before the first one still in its window, and says until when. An addition undone within its
   * window (an EntryRetracted with `undo: true`) is owed to nobody, and so is its retraction.
   */
  async dispatchOnce(checkpoint?: number): Promise<DispatchResult> {
    checkpoint ??= (await this.lag()).checkpoint;
    const read = await this.events.readAll(checkpoint, BATCH);
    const nowDate = this.clock.now();
    const { batch, heldUntil } = heldBack(read, this.config.review.undoWindowMs, nowDate);
    if (batch.length === 0) return { events: 0, deliveries: 0, ...(heldUntil ? { heldUntil } : {}) };
    const upTo = batch[batch.length - 1]!.position;
    const undone = await this.undone(batch);
    const relevant = batch.filter(
      (event) =>
        DISPATCHED_EVENTS[event.type] !== undefined &&
        !(event.type === 'EntryAdded' && undone.has(String(event.data.entryId))),
    );
    const now = nowDate.toISOString();

    const pending = await this.database.transaction(async (tx) => {
      if (!(await this.checkpoints.advance(tx, DISPATCHER, 'processor', checkpoint, upTo))) return undefined;
      if (relevant.length === 0) return [];
      const { targets, views } = await this.targets.read(tx);
      const corrected = [
        ...new Set(relevant.filter((e) => e.type !== 'EntryAdded').map((e) => String(e.data.entryId))),
      ];
      const prior = corrected.length > 0 ? await priorRecipients(tx, corrected) : [];
      const rows = planDeliveries(relevant, targets, prior).map((planned) => ({
        id: this.ids.next(),
        ...planned,
      }));
      // Counted from when the write lock is held, as every claim's lease is.
      const claim = this.local
        ? leaseEnd(this.clock.now(), this.config.alerts.webhookTimeoutMs).toISOString()
        : undefined;
      const written = rows.map((row): DeliveryRow => ({
        id: row.id,
        event_id: row.eventId,
        position: row.position,
        entry_id: row.entryId,
        kind: row.kind,
        subscription_id: row.subscriptionId,
        channel: row.channel,
        status: row.held ? 'held' : claim ? 'sending' : 'pending',
        attempts: row.held || !claim ? 0 : 1,
        failures: 0,
        first_failed_at: null,
        next_attempt_at: row.held ? null : now,
        lease_until: row.held ? null : (claim ?? null),
        last_error: null,
        delivered_at: null,
        created_at: now,
        updated_at: now,
        digest_id: null,
      }));
      const inserted = await insertRows(
        tx,
        'deliveries',
        DELIVERY_COLUMNS,
        written.map(deliveryValues),
        sql`ON CONFLICT (event_id, subscription_id, channel) DO NOTHING`,
      );
      // A row already there (the checkpoint set back by hand) is not this transaction's claim.
      const ours =
        inserted === written.length
          ? undefined
          : await insertedIds(
              tx,
              written.map((row) => row.id),
            );
      // The rows as written are the deliveries sent now: no second read, and one mapping.
      return written
        .filter((row) => row.status !== 'held' && (ours?.has(row.id) ?? true))
        .map((row) => ({ delivery: fromDeliveryRow(row), subscription: views.get(row.subscription_id)! }));
    });
    if (pending === undefined) return { events: 0, deliveries: 0 };
    const held = heldUntil ? { heldUntil } : {};
    if (this.local) {
      // A worker sends first attempts itself, on its endpoint lanes: no round trip through Redis
      // before the first byte goes out. Should this process die first, the sweeper queues the rows
      // once their lease lapses.
      this.local.sendClaimed(pending);
    } else {
      // Not awaited past a short wait: dispatching goes on while Redis is away.
      await this.queue.offer(
        pending.map(({ delivery }) => ({
          deliveryId: delivery.id,
          jobId: DeliveryQueue.jobId(delivery.id, 0),
        })),
      );
    }
    return { events: upTo - checkpoint, deliveries: pending.length, ...held };
  }

  /**
   * The entries among this batch's additions whose approval was undone: their undo is in the log
   * by now, as the window of the addition has passed (one indexed read of their streams).
   */
  private async undone(batch: readonly StoredEvent[]): Promise<Set<string>> {
    const added = batch.filter((e) => e.type === 'EntryAdded').map((e) => String(e.data.entryId));
    if (added.length === 0) return new Set();
    const streams = added.map(entryStreamId);
    const rows: StoredEvent[] = [];
    for (const chunk of inChunks(streams)) {
      const found = await this.database.query<{ data: string | Record<string, unknown> }>(
        sql`SELECT data FROM events WHERE stream_id IN (${join(chunk)}) AND type = 'EntryRetracted'`,
      );
      for (const row of found) {
        const data =
          typeof row.data === 'string' ? (JSON.parse(row.data) as Record<string, unknown>) : row.data;
        rows.push({ type: 'EntryRetracted', data } as unknown as StoredEvent);
      }
    }
    return undoneAdditions(rows);
  }
}

async function insertedIds(tx: Transaction, ids: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const chunk of inChunks(ids)) {
    const rows = await tx.query<{ id: string }>(sql`SELECT id FROM deliveries WHERE id IN (${join(chunk)})`);
    for (const row of rows) found.add(row.id);
  }
  return found;
}

async function priorRecipients(tx: Transaction, entryIds: string[]): Promise<PriorRecipient[]> {
  const rows: { entry_id: string; subscription_id: string }[] = [];
  for (const chunk of inChunks(entryIds)) {
    rows.push(
      ...(await tx.query<{ entry_id: string; subscription_id: string }>(
        sql`SELECT DISTINCT entry_id, subscription_id FROM deliveries WHERE kind = 'added' AND entry_id IN (${join(chunk)})`,
      )),
    );
  }
  return rows.map((row) => ({ entryId: row.entry_id, subscriptionId: row.subscription_id }));
}
