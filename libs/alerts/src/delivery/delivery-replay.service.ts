import { Database } from '@app/database';
import { Clock } from '@app/event-store';
import { Inject, Injectable } from '@nestjs/common';

import { AlertsError } from '../alerts.error';
import { SubscriptionService } from '../subscription.service';
import { DeliveryLogService, type DeliveryWithAttempts } from './delivery-log.service';
import { DeliveryQueue } from './delivery-queue';

/**
 * Sends a delivery again, as it was: the same row, so the same `webhook-id` (receivers that
 * deduplicate see a repeat), the entry as it stood at that event. Its attempts count on; its retry
 * window starts afresh.
 */
@Injectable()
export class DeliveryReplayService {
  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(SubscriptionService) private readonly subscriptions: SubscriptionService,
    @Inject(DeliveryLogService) private readonly log: DeliveryLogService,
    @Inject(DeliveryQueue) private readonly queue: DeliveryQueue,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async replay(subscriptionId: string, deliveryId: string): Promise<DeliveryWithAttempts> {
    const subscription = await this.subscriptions.get(subscriptionId);
    if (subscription.status !== 'active') {
      throw new AlertsError(
        'SUBSCRIPTION_STATE',
        `Subscription ${subscriptionId} is ${subscription.status}: resume it before replaying`,
        { subscriptionId, status: subscription.status },
      );
    }
    const delivery = await this.log.get(subscriptionId, deliveryId);
    if (delivery.status === 'sending' || delivery.status === 'held') {
      throw new AlertsError(
        'DELIVERY_STATE',
        delivery.status === 'sending'
          ? `Delivery ${deliveryId} is being sent right now`
          : `Delivery ${deliveryId} waits for the daily digest`,
        { deliveryId, status: delivery.status },
      );
    }
    const now = this.clock.now();
    const { affected } = await this.database.execute(
      `UPDATE deliveries SET status = 'pending', next_attempt_at = $2, failures = 0, first_failed_at = NULL,
         lease_until = NULL, updated_at = $2
       WHERE id = $1 AND status NOT IN ('sending', 'held')`,
      [deliveryId, now.toISOString()],
    );
    if (affected !== 1) {
      throw new AlertsError('DELIVERY_STATE', `Delivery ${deliveryId} changed meanwhile; try again`, {
        deliveryId,
      });
    }
    // A job id of its own: the attempt's usual id may still belong to a finished or waiting job.
    await this.queue.offer([
      { deliveryId, jobId: `${DeliveryQueue.jobId(deliveryId, delivery.attempts)}-replay${now.getTime()}` },
    ]);
    return this.log.get(subscriptionId, deliveryId);
  }
}
