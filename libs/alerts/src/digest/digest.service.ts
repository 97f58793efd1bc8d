import { Database, join, sql } from '@app/database';
import { Clock } from '@app/event-store';
import { Inject, Injectable, Logger } from '@nestjs/common';

import { DeliveryQueue } from '../delivery/delivery-queue';
import type { SubscriptionStatus } from '../subscription-view';

export interface DigestResult {
  /** Digests recorded by this run (one per daily subscription that had held alerts). */
  digests: { digestId: string; subscriptionId: string; items: number }[];
  /** Held rows of deleted or disabled subscriptions, cancelled: they will never be sent. */
  cancelled: number;
}

/** Another worker digested (some of) the same rows first: this run leaves them to it. */
class DigestTaken extends Error {}

/** PostgreSQL's codes for a transaction it aborted because another one got in the way. */
const LOST_RACE_CODES = new Set(['40001', '40P01']);

/**
 * The daily digest (DESIGN.md section 7). For each active daily subscription, one transaction takes
 * all its `held` rows: the first becomes the digest's delivery (`pending`, `digest_id` = its own id)
 * and the rest are marked `digested` with that id. The rows are taken compare-and-set (`WHERE status
 * = 'held'`, every one or none), so of two workers running the digest at the same moment exactly
 * one records it; the other's transaction changes nothing. The delivery is then queued like any
 * other, so the delivery processor sends it, retries it and logs every attempt; the sender finds
 * the digest's rows (DigestItems) and sends them all as one message. Nothing held: nothing is sent.
 */
@Injectable()
export class DigestService {
  private readonly logger = new Logger('Alerts');

  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(DeliveryQueue) private readonly queue: DeliveryQueue,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async run(): Promise<DigestResult> {
    const waiting = await this.database.query<{ subscription_id: string; status: SubscriptionStatus | null }>(
      `SELECT DISTINCT d.subscription_id, s.status FROM deliveries d
       LEFT JOIN subscriptions s ON s.id = d.subscription_id
       WHERE d.status = 'held' ORDER BY d.subscription_id`,
    );
    const result: DigestResult = { digests: [], cancelled: 0 };
    for (const { subscription_id: subscriptionId, status } of waiting) {
      if (status === 'active') {
        const digest = await this.digest(subscriptionId);
        if (digest) result.digests.push(digest);
      } else if (status === null || status === 'deleted' || status === 'disabled') {
        result.cancelled += await this.cancel(subscriptionId, status ?? 'gone');
      }
      // Paused (or not yet confirmed): the rows wait for the first digest after it resumes.
    }
    if (result.digests.length > 0) {
      await this.queue.offer(
        result.digests.map(({ digestId }) => ({
          deliveryId: digestId,
          jobId: DeliveryQueue.jobId(digestId, 0),
        })),
      );
      this.logger.log(
        `Daily digest: ${result.digests.length} digests of ${result.digests.reduce((n, d) => n + d.items, 0)} alerts`,
      );
    }
    return result;
  }

  /** Records one subscription's digest; undefined when it had nothing held or another worker took it. */
  async digest(subscriptionId: string): Promise<DigestResult['digests'][number] | undefined> {
    try {
      return await this.database.transaction(async (tx) => {
        const now = this.clock.now().toISOString();
        const rows = await tx.query<{ id: string }>(
          `SELECT id FROM deliveries WHERE subscription_id = $1 AND status = 'held' ORDER BY position, id`,
          [subscriptionId],
        );
        if (rows.length === 0) return undefined;
        const digestId = rows[0]!.id;
        const ids = rows.map((row) => row.id);
        const { affected } = await tx.execute(
          sql`UPDATE deliveries SET status = 'digested', digest_id = ${digestId}, updated_at = ${now}
           WHERE status = 'held' AND id IN (${join(ids)})`,
        );
        // Fewer than read: another worker's digest got some of them first. All or nothing.
        if (affected !== ids.length) throw new DigestTaken();
        await tx.execute(
          `UPDATE deliveries SET status = 'pending', next_attempt_at = $2, updated_at = $2 WHERE id = $1`,
          [digestId, now],
        );
        return { digestId, subscriptionId, items: ids.length };
      });
    } catch (error) {
      if (error instanceof DigestTaken || lostRace(error)) return undefined;
      throw error;
    }
  }

  private async cancel(subscriptionId: string, status: string): Promise<number> {
    const { affected } = await this.database.execute(
      `UPDATE deliveries SET status = 'cancelled', last_error = $2, updated_at = $3
       WHERE subscription_id = $1 AND status = 'held'`,
      [subscriptionId, `The subscription is ${status}`, this.clock.now().toISOString()],
    );
    return affected;
  }
}

function lostRace(error: unknown): boolean {
  const code = (error as { code?: unknown; driverError?: { code?: unknown } } | undefined)?.driverError?.code;
  return typeof code === 'string' && LOST_RACE_CODES.has(code);
}
