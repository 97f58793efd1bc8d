import { bulk, insertRows, sql, type Transaction } from '@app/database';

import type { DeliveryAttempt, DeliveryStatus } from './delivery-rows';
import type { DeliveryWrites } from './delivery-writes';

/** Outcomes written by one statement pair at most (nine values a row, far under MAX_PARAMS). */
const GROUP_LIMIT = 256;
/**
 * How long a finished delivery's outcome waits for others to join its group while sends are still
 * running. A fan-out's outcomes then go in a few commits instead of one per handful: on SQLite with
 * synchronous=FULL each commit is an fsync that blocks the event loop, and the sends with it. With
 * nothing else running an outcome is written at once.
 */
const LINGER_MS = 50;

/**
 * What one attempt came to, as `delivery_attempts` and the delivery's row record it. `attempt` is
 * the number its claim holds: only the holder of this claim may settle the row.
 */
export interface FinishedAttempt extends DeliveryAttempt {
  deliveryId: string;
  settle: {
    status: DeliveryStatus;
    failures: number;
    firstFailedAt: string | null;
    nextAttemptAt: string | null;
    lastError: string | null;
    deliveredAt: string | null;
    updatedAt: string;
  };
}

interface Waiting {
  attempt: FinishedAttempt;
  resolve: (settled: boolean) => void;
  reject: (error: unknown) => void;
}

/**
 * Records finished attempts in groups: one multi-row INSERT into `delivery_attempts` and one
 * multi-row UPDATE of the deliveries per group, in one DeliveryWrites transaction, where each
 * attempt used to cost two statements of its own. What arrives while a group is being written
 * joins the next. `record` resolves once its group committed, with whether the row was settled
 * (false: the claim had lapsed and another worker holds the row now).
 */
export class DeliveryOutcomes {
  private readonly waiting: Waiting[] = [];
  private writing = false;
  private timer: NodeJS.Timeout | undefined;
  /** Sends running now, whose outcomes are about to come. */
  private running = 0;

  constructor(private readonly writes: DeliveryWrites) {}

  /** A send started: the outcomes finished meanwhile may wait a little for its own. */
  sendStarted(): void {
    this.running += 1;
  }

  sendFinished(): void {
    this.running -= 1;
    this.schedule();
  }

  record(attempt: FinishedAttempt): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      this.waiting.push({ attempt, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.writing || this.waiting.length === 0) return;
    if (this.running === 0 || this.waiting.length >= GROUP_LIMIT) {
      clearTimeout(this.timer);
      this.timer = undefined;
      void this.write();
      return;
    }
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.write();
    }, LINGER_MS);
  }

  private async write(): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    const group = this.waiting.splice(0, GROUP_LIMIT);
    try {
      const settled = await this.writes.run((tx) =>
        writeOutcomes(
          tx,
          group.map((w) => w.attempt),
        ),
      );
      for (const w of group) w.resolve(settled.has(claimOf(w.attempt.deliveryId, w.attempt.attempt)));
    } catch (error) {
      for (const w of group) w.reject(error);
    } finally {
      this.writing = false;
      this.schedule();
    }
  }
}

/**
 * Pure SQL: the attempts logged (an attempt already there is left as it is) and the rows settled
 * whose claim is still this attempt's (`sending`, same attempt number); returns the claims settled.
 * Values of a VALUES list arrive untyped on PostgreSQL (text): the integers are cast.
 */
async function writeOutcomes(tx: Transaction, attempts: readonly FinishedAttempt[]): Promise<Set<string>> {
  await insertRows(
    tx,
    'delivery_attempts',
    'delivery_id, attempt, started_at, duration_ms, outcome, status_code, detail',
    attempts.map((a) => [
      a.deliveryId,
      a.attempt,
      a.startedAt,
      a.durationMs,
      a.outcome,
      a.statusCode,
      a.detail?.slice(0, 2000) ?? null,
    ]),
    sql`ON CONFLICT (delivery_id, attempt) DO NOTHING`,
  );
  const rows = attempts.map(({ deliveryId, attempt, settle: s }) => [
    deliveryId,
    attempt,
    s.status,
    s.failures,
    s.firstFailedAt,
    s.nextAttemptAt,
    s.lastError,
    s.deliveredAt,
    s.updatedAt,
  ]);
  const settled = await tx.query<{ id: string; attempts: number | string }>(
    sql`WITH outcome (delivery_id, attempt, status, failures, first_failed_at, next_attempt_at, last_error, delivered_at, updated_at)
          AS (VALUES ${bulk(rows)})
        UPDATE deliveries SET status = outcome.status, failures = CAST(outcome.failures AS integer),
          first_failed_at = outcome.first_failed_at, next_attempt_at = outcome.next_attempt_at,
          lease_until = NULL, last_error = outcome.last_error, delivered_at = outcome.delivered_at,
          updated_at = outcome.updated_at
        FROM outcome
        WHERE deliveries.id = outcome.delivery_id AND deliveries.status = 'sending'
          AND deliveries.attempts = CAST(outcome.attempt AS integer)
        RETURNING id, attempts`,
  );
  return new Set(settled.map((row) => claimOf(row.id, Number(row.attempts))));
}

/** A claim: a delivery and the attempt number it was claimed for. */
function claimOf(deliveryId: string, attempt: number): string {
  return `${deliveryId}#${attempt}`;
}
