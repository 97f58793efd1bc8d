import { Database, type Transaction } from '@app/database';
import { Inject, Injectable } from '@nestjs/common';

/** Writes committed together at most; a bound on how long one transaction holds the write lock. */
const MAX_BATCH = 64;

interface Pending {
  work: (tx: Transaction) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for the delivery processor's small writes (claims, outcomes). Each caller's work runs
 * in a transaction and its promise resolves only after that transaction committed, as with
 * `Database.transaction`; but what arrives while a transaction is in flight shares the next one. On
 * SQLite with synchronous=FULL every commit is an fsync, and 32 deliveries in flight would otherwise
 * queue 64 of them; idle, a write goes at once, so nothing waits for a batch to fill.
 *
 * Work must not throw for reasons of its own (it is a few statements on rows it names): if it does,
 * the whole batch rolls back and every caller in it gets the error (its job fails; the sweeper
 * brings the row back).
 */
@Injectable()
export class DeliveryWrites {
  private readonly queue: Pending[] = [];
  private draining = false;

  constructor(@Inject(Database) private readonly database: Database) {}

  run<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (this.draining) return;
      this.draining = true;
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        // Let the I/O that is ready run first (answers from receivers, jobs from Redis): the writes
        // it brings join this transaction. better-sqlite3 commits synchronously, so without this
        // turn the event loop would never see them while a batch is being written.
        await new Promise((resolve) => setImmediate(resolve));
        const batch = this.queue.splice(0, MAX_BATCH);
        try {
          const results = await this.database.transaction(async (tx) => {
            const out: unknown[] = [];
            for (const pending of batch) out.push(await pending.work(tx));
            return out;
          });
          batch.forEach((pending, i) => pending.resolve(results[i]));
        } catch (error) {
          for (const pending of batch) pending.reject(error);
        }
      }
    } finally {
      this.draining = false;
    }
  }
}
