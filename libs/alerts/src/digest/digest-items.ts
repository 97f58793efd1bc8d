import { Database } from '@app/database';
import { Inject, Injectable } from '@nestjs/common';

import { AlertItems } from '../delivery/alert-items';
import type { AlertItem } from '../delivery/channel-sender';
import { DELIVERY_COLUMNS, type DeliveryRow, fromDeliveryRow } from '../delivery/delivery-rows';

/**
 * A digest goes out as one delivery: the first of the held rows it gathers carries it (its
 * `digest_id` is its own id, so its id is the digest's Message-ID / webhook-id) and the others are
 * `digested` with that id. This finds everything a delivery carries.
 */
@Injectable()
export class DigestItems {
  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(AlertItems) private readonly items: AlertItems,
  ) {}

  /**
   * The items of a delivery: `given` as they are for an ordinary one; for a digest, every row that
   * went out in it, oldest event first (the given ones are kept, the missing ones read from the log).
   */
  async complete(
    delivery: { id: string; subscriptionId: string },
    given: readonly AlertItem[],
  ): Promise<{ digest: boolean; items: AlertItem[] }> {
    // By primary key first: most deliveries are not digests, and this is all they cost.
    const [own] = await this.database.query<{ digest_id: string | null }>(
      'SELECT digest_id FROM deliveries WHERE id = $1',
      [delivery.id],
    );
    if (own?.digest_id !== delivery.id) return { digest: false, items: [...given] };
    // The subscription narrows the search to its own rows (deliveries_by_subscription).
    const rows = await this.database.query<DeliveryRow>(
      `SELECT ${DELIVERY_COLUMNS} FROM deliveries WHERE subscription_id = $1 AND digest_id = $2
       ORDER BY position, id`,
      [delivery.subscriptionId, delivery.id],
    );
    const byEvent = new Map(given.map((item) => [item.eventId, item]));
    for (const row of rows) {
      if (!byEvent.has(row.event_id))
        byEvent.set(row.event_id, await this.items.forDelivery(fromDeliveryRow(row)));
    }
    return { digest: true, items: [...byEvent.values()].sort((a, b) => a.position - b.position) };
  }
}
