import { type AppConfig, APP_CONFIG } from '@app/config';
import { Database, sql } from '@app/database';
import { Clock } from '@app/event-store';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';

import { AlertsError } from '../alerts.error';
import { NoticeService } from '../notices/notice.service';
import { SubscriptionService } from '../subscription.service';
import type { SubscriptionView } from '../subscription-view';
import { AlertItems } from './alert-items';
import {
  CHANNEL_SENDERS,
  type ChannelSender,
  OWNER_NOTIFIER,
  type OwnerNotifier,
  type SendOutcome,
  UNSUBSCRIBE_LINKS,
  type UnsubscribeLinks,
} from './channel-sender';
import { DeliveryQueue } from './delivery-queue';
import {
  type ClaimedDelivery,
  type Delivery,
  DELIVERY_COLUMNS,
  type DeliveryRow,
  fromDeliveryRow,
  leaseEnd,
} from './delivery-rows';
import { DeliveryOutcomes } from './delivery-outcomes';
import { DeliveryWrites } from './delivery-writes';
import { endpointOf, type EndpointHealth, EndpointLanes } from './endpoint-lanes';
import { nextAttemptAt } from './retry-schedule';

const SYSTEM = { actor: 'system:alerts' };

/**
 * Sends one delivery, as its row says: claim it (`pending` → `sending`, compare-and-set, so two
 * jobs for one row send once, and a delivered row is never sent again), send through the channel's
 * sender, then record the attempt and the outcome in one transaction, grouped with the attempts
 * that finished about then (DeliveryOutcomes): delivered, pending again at the next retry time, or
 * failed. An endpoint that is gone, or keeps failing past the retry window,
 * gets its subscription disabled and its owner told.
 */
@Injectable()
export class DeliveryService {
  private readonly logger = new Logger('Alerts');
  private readonly senders = new Map<string, ChannelSender>();
  /** Outcomes being recorded, by delivery id. */
  private readonly recording = new Map<string, Promise<void>>();
  private readonly outcomes: DeliveryOutcomes;

  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(DeliveryWrites) private readonly writes: DeliveryWrites,
    @Inject(SubscriptionService) private readonly subscriptions: SubscriptionService,
    @Inject(AlertItems) private readonly items: AlertItems,
    @Inject(NoticeService) private readonly notices: NoticeService,
    @Inject(DeliveryQueue) private readonly queue: DeliveryQueue,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EndpointLanes) private readonly lanes: EndpointLanes,
    @Inject(CHANNEL_SENDERS) senders: ChannelSender[],
    @Optional() @Inject(UNSUBSCRIBE_LINKS) private readonly unsubscribeLinks?: UnsubscribeLinks,
    @Optional() @Inject(OWNER_NOTIFIER) private readonly ownerNotifier?: OwnerNotifier,
  ) {
    for (const sender of senders) this.senders.set(sender.channel, sender);
    this.outcomes = new DeliveryOutcomes(writes);
  }

  /**
   * Sends one delivery on its endpoint's lane; resolves once it was sent (or there was nothing to
   * send). What the tests and the digest use.
   */
  async deliver(deliveryId: string): Promise<void> {
    const found = await this.prepare(deliveryId);
    if (!found) return;
    await this.lanes.run(this.endpoint(found.subscription), deliveryId, found.subscription.id, () =>
      this.attempt(deliveryId),
    );
    // Its outcome is recorded after the lane let the next send start; the caller waits for it too.
    await this.recording.get(deliveryId)?.catch(() => undefined);
  }

  /**
   * The delivery processor's way: done once the delivery waits on its endpoint's lane, so no dead
   * endpoint holds a worker's slot (and so everyone else's deliveries) while its sends time out.
   */
  async offer(deliveryId: string): Promise<void> {
    const found = await this.prepare(deliveryId);
    if (!found) return;
    void this.lanes.run(this.endpoint(found.subscription), deliveryId, found.subscription.id, () =>
      this.attempt(deliveryId),
    );
  }

  /**
   * First attempts the dispatcher claimed in its own transaction (LOCAL_SENDER): sent on their
   * endpoints' lanes without reading the rows again or claiming them a second time.
   */
  sendClaimed(claims: readonly ClaimedDelivery[]): void {
    for (const claim of claims) {
      void this.lanes.run(this.endpoint(claim.subscription), claim.delivery.id, claim.subscription.id, () =>
        this.attemptClaimed(claim),
      );
    }
  }

  private endpoint(subscription: SubscriptionView): string {
    return endpointOf(subscription.channel, subscription.target);
  }

  /** The delivery and its subscription, if there is something to send; cancels it if not. */
  private async prepare(
    deliveryId: string,
  ): Promise<{ delivery: Delivery; subscription: SubscriptionView } | undefined> {
    const delivery = await this.find(deliveryId);
    if (!delivery || (delivery.status !== 'pending' && delivery.status !== 'sending')) return undefined;
    const subscription = await this.subscriptions.find(delivery.subscriptionId);
    if (!subscription || subscription.status !== 'active') {
      await this.cancel(delivery, `The subscription is ${subscription?.status ?? 'gone'}`);
      return undefined;
    }
    return { delivery, subscription };
  }

  /** One attempt, once the lane lets it start: claim, send under the lease, record. */
  private async attempt(deliveryId: string): Promise<EndpointHealth> {
    // Read again: the subscription may have been paused, or the row sent, while it waited.
    const found = await this.prepare(deliveryId);
    if (!found) return 'neutral';
    const claimed = await this.claim(deliveryId);
    if (!claimed) {
      await this.requeueIfEarly(deliveryId);
      return 'neutral';
    }
    return this.sendAndRecord({ delivery: claimed, subscription: found.subscription });
  }

  /**
   * A first attempt claimed by the dispatcher. One that waited in its lane until less than a
   * timeout's worth of lease is left reads its subscription again and renews its claim (if
   * another worker took the lapsed claim meanwhile, it is that worker's to send); if the
   * subscription stopped meanwhile, it hands the claim back and goes the usual way, which cancels it.
   */
  private async attemptClaimed(claim: ClaimedDelivery): Promise<EndpointHealth> {
    const { delivery } = claim;
    const left = new Date(delivery.leaseUntil ?? 0).getTime() - this.clock.now().getTime();
    if (left >= this.config.alerts.webhookTimeoutMs) return this.sendAndRecord(claim);
    const subscription = await this.subscriptions.find(delivery.subscriptionId);
    if (subscription?.status !== 'active') {
      return (await this.release(delivery)) ? this.attempt(delivery.id) : 'neutral';
    }
    const leaseUntil = await this.renew(delivery);
    return leaseUntil
      ? this.sendAndRecord({ delivery: { ...delivery, leaseUntil }, subscription })
      : 'neutral';
  }

  /** A fresh lease on this attempt's claim, if it is still this one's; when it now ends. */
  private async renew(delivery: Delivery): Promise<string | undefined> {
    const leaseUntil = leaseEnd(this.clock.now(), this.config.alerts.webhookTimeoutMs).toISOString();
    const { affected } = await this.writes.run((tx) =>
      tx.execute(
        sql`UPDATE deliveries SET lease_until = ${leaseUntil}
            WHERE id = ${delivery.id} AND status = 'sending' AND attempts = ${delivery.attempts}`,
      ),
    );
    return affected === 1 ? leaseUntil : undefined;
  }

  /**
   * Sends, then records the outcome without holding the lane: the next send to the endpoint starts
   * while this one's commit waits for its group (on SQLite with synchronous=FULL, an fsync), so a
   * lane is not paced by commits. Until it is recorded the row stays `sending` under its lease.
   */
  private async sendAndRecord({ delivery, subscription }: ClaimedDelivery): Promise<EndpointHealth> {
    const startedAt = this.clock.now();
    const started = performance.now();
    this.outcomes.sendStarted();
    const outcome = await this.underLease(delivery, () => this.send(delivery, subscription)).finally(() =>
      this.outcomes.sendFinished(),
    );
    const durationMs = Math.round(performance.now() - started);
    const recorded = this.record(delivery, subscription, outcome, startedAt, durationMs)
      .catch((error: unknown) => {
        this.logger.error(
          `Delivery ${delivery.id}: its outcome could not be recorded (the sweeper brings it back): ${error instanceof Error ? error.message : String(error)}`,
        );
      })
      .finally(() => this.recording.delete(delivery.id));
    this.recording.set(delivery.id, recorded);
    return healthOf(subscription.channel, outcome);
  }

  /** Gives an unused claim back (`pending`, its attempt not counted), if it is still this one's. */
  private async release(delivery: Delivery): Promise<boolean> {
    const { affected } = await this.writes.run((tx) =>
      tx.execute(
        sql`UPDATE deliveries SET status = 'pending', attempts = attempts - 1, lease_until = NULL,
              updated_at = ${this.clock.now().toISOString()}
            WHERE id = ${delivery.id} AND status = 'sending' AND attempts = ${delivery.attempts}`,
      ),
    );
    return affected === 1;
  }

  /**
   * Sends only with a whole timeout's worth of lease left (a claim that waited long for the write
   * lock may not have it), and extends the lease while the send runs: no other worker can take the
   * row over while this one may still be sending, so a send never goes out twice.
   */
  private async underLease(delivery: Delivery, send: () => Promise<SendOutcome>): Promise<SendOutcome> {
    const timeoutMs = this.config.alerts.webhookTimeoutMs;
    const left = new Date(delivery.leaseUntil ?? 0).getTime() - this.clock.now().getTime();
    if (left < timeoutMs) {
      return {
        kind: 'retry',
        detail: `Not sent: only ${left} ms of its lease was left when the send could start`,
      };
    }
    const heartbeat = setInterval(
      () => void this.renew(delivery).catch(() => undefined),
      Math.max(100, Math.floor(timeoutMs / 3)),
    );
    try {
      return await send();
    } finally {
      clearInterval(heartbeat);
    }
  }

  private async send(delivery: Delivery, subscription: SubscriptionView): Promise<SendOutcome> {
    const sender = this.senders.get(delivery.channel);
    if (!sender) return { kind: 'failed', detail: `No sender for the ${delivery.channel} channel` };
    try {
      const unsubscribe = (await this.unsubscribeLinks?.link(subscription)) ?? null;
      const told =
        delivery.kind === 'notice'
          ? { items: [], notice: await this.notices.get(delivery.eventId) }
          : { items: [await this.items.forDelivery(delivery)] };
      return await sender.send({
        deliveryId: delivery.id,
        attempt: delivery.attempts,
        subscription,
        ...told,
        links: this.items.links(unsubscribe),
      });
    } catch (error) {
      // A sender reports expected failures as outcomes; anything thrown is unexpected, and retried.
      this.logger.error(
        `Delivery ${delivery.id}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      return {
        kind: 'retry',
        detail: `Internal error while sending: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
  }

  /** `pending` and due, or `sending` under a lapsed lease → `sending` under a fresh lease. */
  private async claim(deliveryId: string): Promise<Delivery | undefined> {
    return this.writes.run(async (tx) => {
      // The time once the write lock is held: a lease counted from before a long wait for it
      // could lapse before the send even starts.
      const now = this.clock.now();
      const leaseUntil = leaseEnd(now, this.config.alerts.webhookTimeoutMs);
      const { affected } = await tx.execute(
        `UPDATE deliveries SET status = 'sending', attempts = attempts + 1, lease_until = $2, updated_at = $3
         WHERE id = $1 AND ((status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= $3))
                         OR (status = 'sending' AND lease_until < $3))`,
        [deliveryId, leaseUntil.toISOString(), now.toISOString()],
      );
      if (affected !== 1) return undefined;
      const [row] = await tx.query<DeliveryRow>(`SELECT ${DELIVERY_COLUMNS} FROM deliveries WHERE id = $1`, [
        deliveryId,
      ]);
      return row && fromDeliveryRow(row);
    });
  }

  private async record(
    delivery: Delivery,
    subscription: SubscriptionView,
    outcome: SendOutcome,
    startedAt: Date,
    durationMs: number,
  ): Promise<void> {
    const now = this.clock.now();
    const update = this.decideRecord(delivery, outcome, now);
    const updated = await this.outcomes.record({
      deliveryId: delivery.id,
      attempt: delivery.attempts,
      startedAt: startedAt.toISOString(),
      durationMs,
      outcome: outcome.kind,
      statusCode: outcome.statusCode ?? null,
      detail: outcome.detail ?? null,
      settle: {
        status: update.status,
        failures: update.failures,
        firstFailedAt: update.firstFailedAt,
        nextAttemptAt: update.nextAttemptAt?.toISOString() ?? null,
        lastError: update.lastError,
        deliveredAt: update.status === 'delivered' ? now.toISOString() : null,
        updatedAt: now.toISOString(),
      },
    });
    if (!updated) return;
    if (update.nextAttemptAt) {
      await this.queue.offer([
        {
          deliveryId: delivery.id,
          jobId: DeliveryQueue.jobId(delivery.id, delivery.attempts),
          delayMs: update.nextAttemptAt.getTime() - now.getTime(),
        },
      ]);
    }
    if (update.disableReason) await this.disable(subscription, update.disableReason);
  }

  private decideRecord(delivery: Delivery, outcome: SendOutcome, now: Date) {
    const base = {
      failures: delivery.failures,
      firstFailedAt: delivery.firstFailedAt,
      nextAttemptAt: null as Date | null,
      lastError: null as string | null,
      disableReason: null as string | null,
    };
    switch (outcome.kind) {
      case 'delivered':
        return { ...base, status: 'delivered' as const };
      case 'failed':
        return { ...base, status: 'failed' as const, lastError: outcome.detail };
      case 'gone':
        return {
          ...base,
          status: 'failed' as const,
          lastError: outcome.detail,
          disableReason: outcome.detail,
        };
      case 'retry': {
        const failures = delivery.failures + 1;
        const firstFailedAt = delivery.firstFailedAt ?? now.toISOString();
        const next = nextAttemptAt({
          scheduleMs: this.config.alerts.retryScheduleMs,
          failures,
          firstFailedAt: new Date(firstFailedAt),
          now,
          retryAfterMs: outcome.retryAfterMs,
          random: Math.random,
        });
        const given = {
          ...base,
          failures,
          firstFailedAt,
          lastError: outcome.detail,
        };
        if (next) return { ...given, status: 'pending' as const, nextAttemptAt: next };
        const since = Math.round((now.getTime() - new Date(firstFailedAt).getTime()) / 1_000);
        return {
          ...given,
          status: 'failed' as const,
          disableReason: `No delivery succeeded in ${failures} attempts over ${since}s (the retry window); the last: ${outcome.detail}`,
        };
      }
    }
  }

  /** Rows of a subscription that stopped (paused, disabled, deleted) are not sent. */
  private async cancel(delivery: Delivery, reason: string): Promise<void> {
    await this.writes.run((tx) =>
      tx.execute(
        `UPDATE deliveries SET status = 'cancelled', last_error = $2, lease_until = NULL, updated_at = $3
       WHERE id = $1 AND (status = 'pending' OR (status = 'sending' AND lease_until < $3))`,
        [delivery.id, reason, this.clock.now().toISOString()],
      ),
    );
  }

  /** A job that came before its row was due (clocks of two machines differ) is queued again for then. */
  private async requeueIfEarly(deliveryId: string): Promise<void> {
    const delivery = await this.find(deliveryId);
    if (delivery?.status !== 'pending' || !delivery.nextAttemptAt) return;
    const delayMs = new Date(delivery.nextAttemptAt).getTime() - this.clock.now().getTime();
    if (delayMs <= 0) return;
    await this.queue.offer([
      {
        deliveryId,
        jobId: `${DeliveryQueue.jobId(deliveryId, delivery.attempts)}-at${delivery.nextAttemptAt.replace(/\D/g, '')}`,
        delayMs,
      },
    ]);
  }

  private async disable(subscription: SubscriptionView, reason: string): Promise<void> {
    let disabled: SubscriptionView;
    try {
      disabled = await this.subscriptions.disable(subscription.id, reason, SYSTEM);
    } catch (error) {
      // Deleted meanwhile: there is nothing left to disable, nor anyone to tell.
      if (error instanceof AlertsError && error.code === 'SUBSCRIPTION_NOT_FOUND') return;
      throw error;
    }
    this.logger.warn(`Subscription ${subscription.id} (${subscription.channel}) disabled: ${reason}`);
    if (!this.ownerNotifier || !disabled.contact) return;
    try {
      await this.ownerNotifier.subscriptionDisabled(disabled, reason);
    } catch (error) {
      this.logger.error(`Could not tell ${subscription.id}'s contact it was disabled: ${String(error)}`);
    }
  }

  private async find(deliveryId: string): Promise<Delivery | undefined> {
    const [row] = await this.database.query<DeliveryRow>(
      `SELECT ${DELIVERY_COLUMNS} FROM deliveries WHERE id = $1`,
      [deliveryId],
    );
    return row && fromDeliveryRow(row);
  }
}

/**
 * What an outcome says of its endpoint, for the lane's backoff: a webhook that timed out, refused
 * the connection or answered 5xx/429 is failing; one that answered otherwise is up. Email outcomes
 * are about one recipient, not the server: email never backs off as a whole.
 */
function healthOf(channel: 'webhook' | 'email', outcome: SendOutcome): EndpointHealth {
  if (channel === 'email') return 'neutral';
  if (outcome.kind === 'delivered') return 'healthy';
  if (outcome.kind !== 'retry') return 'neutral';
  const status = outcome.statusCode;
  return status === undefined || status >= 500 || status === 429 ? 'failing' : 'healthy';
}
