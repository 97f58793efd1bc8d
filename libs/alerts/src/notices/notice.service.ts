import { Database } from '@app/database';
import { Clock, IdGenerator } from '@app/event-store';
import { Inject, Injectable, Logger } from '@nestjs/common';

import { DeliveryQueue } from '../delivery/delivery-queue';
import type { SubscriptionChannel } from '../subscription-events';
import type { OperationalNotice } from './notice';

type NoticeRow = {
  id: string;
  type: string;
  subject: string;
  body: string;
  data: string;
  occurred_at: string;
};

const CACHE_SIZE = 200;

/**
 * Operational notices (DESIGN.md section 7's machinery, for admins): `report` records a notice
 * once (`notices`, keyed by its stable id) and, in the same transaction, one pending delivery per
 * opted-in active subscription and channel (unique per notice, subscription and channel, like an
 * alert's), then queues them. Reporting the same notice again adds nothing, so a caller that is
 * not sure it reported (a crash, two workers) simply reports again. The delivery processor sends
 * them with the alerts' retries, lanes and delivery log.
 */
@Injectable()
export class NoticeService {
  private readonly logger = new Logger('Alerts');
  private readonly cache = new Map<string, OperationalNotice>();

  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(DeliveryQueue) private readonly queue: DeliveryQueue,
    @Inject(IdGenerator) private readonly ids: IdGenerator,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** Records the notice and its deliveries (once); resolves with the deliveries this call added. */
  async report(notice: OperationalNotice): Promise<number> {
    const added = await this.database.transaction(async (tx) => {
      const now = this.clock.now().toISOString();
      await tx.execute(
        `INSERT INTO notices (id, type, subject, body, data, occurred_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING`,
        [
          notice.id,
          notice.type,
          notice.subject,
          notice.body,
          JSON.stringify({ kind: notice.kind, ...notice.data }),
          notice.occurredAt,
          now,
        ],
      );
      const subscribers = await tx.query<{ id: string; channel: SubscriptionChannel; notices: string }>(
        `SELECT id, channel, notices FROM subscriptions WHERE status = 'active' AND notices <> '[]' ORDER BY id`,
      );
      const ids: string[] = [];
      for (const subscriber of subscribers) {
        if (!(JSON.parse(subscriber.notices) as string[]).includes(notice.kind)) continue;
        const id = this.ids.next();
        const { affected } = await tx.execute(
          `INSERT INTO deliveries (id, event_id, position, entry_id, kind, subscription_id, channel, status,
             next_attempt_at, created_at, updated_at)
           VALUES ($1, $2, 0, '', 'notice', $3, $4, 'pending', $5, $5, $5)
           ON CONFLICT (event_id, subscription_id, channel) DO NOTHING`,
          [id, notice.id, subscriber.id, subscriber.channel, now],
        );
        if (affected === 1) ids.push(id);
      }
      return ids;
    });
    if (added.length > 0) {
      this.logger.log(`Notice ${notice.type} (${notice.subject}): ${added.length} delivery(ies)`);
      await this.queue.offer(added.map((id) => ({ deliveryId: id, jobId: DeliveryQueue.jobId(id, 0) })));
    }
    return added.length;
  }

  /** The notice a delivery tells (notices never change, so they are cached). */
  async get(noticeId: string): Promise<OperationalNotice> {
    const cached = this.cache.get(noticeId);
    if (cached) return cached;
    const [row] = await this.database.query<NoticeRow>(
      'SELECT id, type, subject, body, data, occurred_at FROM notices WHERE id = $1',
      [noticeId],
    );
    if (!row) throw new Error(`Notice ${noticeId} is not recorded`);
    const { kind, ...data } = JSON.parse(row.data) as { kind: OperationalNotice['kind'] } & Record<
      string,
      unknown
    >;
    const notice: OperationalNotice = {
      id: row.id,
      kind,
      type: row.type,
      subject: row.subject,
      body: row.body,
      data,
      occurredAt: row.occurred_at,
    };
    if (this.cache.size >= CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(noticeId, notice);
    return notice;
  }
}
