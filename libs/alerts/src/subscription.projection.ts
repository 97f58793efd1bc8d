import type { Transaction } from '@app/database';
import { InlineProjection, type Projection, type StoredEvent } from '@app/event-store';
import { Inject, Injectable } from '@nestjs/common';

import { ERASED } from './personal/personal-cipher';
import { PersonalData } from './personal/personal-data';
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
 * The `subscriptions` read model: one row per subscription, the fold of its stream by `evolve`,
 * with its target and contact opened under the subscription's key (the events carry them sealed):
 * the operational copy the senders read. Inline, so a subscription is visible (and matched by the
 * dispatcher) as soon as it is created. `created_position` lets the dispatcher give a subscription
 * only what was approved after it.
 *
 * SubscriptionErased is applied in the same transaction as it is appended: the key goes, and so
 * does every operational copy (this row's target and contact, secrets, tokens, what the delivery
 * log recorded of the address, deliveries still waiting). Replayed by `rebuild`, it finds nothing
 * left to remove; the SubscriptionCreated before it, its key gone, reads as erased.
 */
@Injectable()
@InlineProjection()
export class SubscriptionProjection implements Projection {
  readonly name = 'subscriptions';
  readonly eventTypes = SUBSCRIPTION_EVENT_TYPES;
  readonly tables = ['subscriptions'];

  constructor(@Inject(PersonalData) private readonly personal: PersonalData) {}

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
    if (e.type === 'SubscriptionCreated' && !row) {
      const target = (await this.personal.open(tx, id, 'target', e.data.target)) ?? ERASED;
      const contact = await this.personal.open(tx, id, 'contact', e.data.contact);
      await tx.execute(
        `INSERT INTO subscriptions (${SUBSCRIPTION_COLUMNS})
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
        [
          after.id,
          after.channel,
          target,
          filtersJson(after.filters),
          after.mode,
          after.status,
          after.disabledReason,
          after.ownerKeyId,
          contact === ERASED ? null : contact,
          event.recordedAt,
          event.recordedAt,
          event.position,
          event.streamVersion,
          JSON.stringify(after.notices),
        ],
      );
      return;
    }
    if (!row) return;
    if (e.type === 'SubscriptionErased') await this.eraseCopies(tx, row, event.recordedAt);
    await tx.execute(
      `UPDATE subscriptions SET status = $2, disabled_reason = $3, updated_at = $4, version = $5 WHERE id = $1`,
      [id, after.status, after.disabledReason, event.recordedAt, event.streamVersion],
    );
  }

  private async eraseCopies(tx: Transaction, row: SubscriptionRow, now: string): Promise<void> {
    const id = row.id;
    await this.personal.forget(tx, id);
    await tx.execute('DELETE FROM subscription_secrets WHERE subscription_id = $1', [id]);
    await tx.execute('DELETE FROM email_unsubscribe_tokens WHERE subscription_id = $1', [id]);
    // What a receiver or an SMTP server answered may quote the address or the URL.
    const mentions = [row.target, row.contact].filter((v): v is string => !!v && v !== ERASED);
    for (const text of mentions) {
      await tx.execute(
        `UPDATE delivery_attempts SET detail = replace(detail, $2, '${ERASED}')
         WHERE delivery_id IN (SELECT id FROM deliveries WHERE subscription_id = $1) AND detail LIKE $3`,
        [id, text, `%${text}%`],
      );
      await tx.execute(
        `UPDATE deliveries SET last_error = replace(last_error, $2, '${ERASED}')
         WHERE subscription_id = $1 AND last_error LIKE $3`,
        [id, text, `%${text}%`],
      );
    }
    await tx.execute(
      `UPDATE deliveries SET status = 'cancelled', last_error = 'The subscription was erased', lease_until = NULL,
         next_attempt_at = NULL, updated_at = $2
       WHERE subscription_id = $1 AND status IN ('pending', 'held')`,
      [id, now],
    );
    await tx.execute(`UPDATE subscriptions SET target = $2, contact = NULL WHERE id = $1`, [id, ERASED]);
  }
}
