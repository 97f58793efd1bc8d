import type { Transaction } from '@app/database';
import { InlineProjection, type Projection, type StoredEvent } from '@app/event-store';
import { Injectable } from '@nestjs/common';

import { evolve } from './subscription-decider';
import { SUBSCRIPTION_EVENT_TYPES, type SubscriptionEvent } from './subscription-events';
import {
  filtersJson,
  fromSubscriptionRow,
  SUBSCRIPTION_COLUMNS,
  type SubscriptionRow,
  stateOf,
} from './subscription-rows';

/**
 * The `subscriptions` read model: one row per subscription, the fold of its stream by `evolve`.
 * Inline, so a subscription is visible (and matched by the dispatcher) as soon as it is created.
 * `created_position` lets the dispatcher give a subscription only what was approved after it.
 */
@Injectable()
@InlineProjection()
export class SubscriptionProjection implements Projection {
  readonly name = 'subscriptions';
  readonly eventTypes = SUBSCRIPTION_EVENT_TYPES;
  readonly tables = ['subscriptions'];

  async apply(event: StoredEvent, tx: Transaction): Promise<void> {
    const e = event as unknown as StoredEvent & SubscriptionEvent;
    const id = e.data.subscriptionId;
    const [row] = await tx.query<SubscriptionRow>(
      `SELECT ${SUBSCRIPTION_COLUMNS} FROM subscriptions WHERE id = $1`,
      [id],
    );
    const before = row ? stateOf(fromSubscriptionRow(row)) : undefined;
    const after = evolve(before, e);
    if (!after) return;
    if (!row) {
      await tx.execute(
        `INSERT INTO subscriptions (${SUBSCRIPTION_COLUMNS})
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
        [
          after.id,
          after.channel,
          after.target,
          filtersJson(after.filters),
          after.mode,
          after.status,
          after.disabledReason,
          after.ownerKeyId,
          after.contact,
          event.recordedAt,
          event.recordedAt,
          event.position,
          event.streamVersion,
        ],
      );
      return;
    }
    await tx.execute(
      `UPDATE subscriptions SET status = $2, disabled_reason = $3, updated_at = $4, version = $5 WHERE id = $1`,
      [id, after.status, after.disabledReason, event.recordedAt, event.streamVersion],
    );
  }
}
