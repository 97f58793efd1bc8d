import { Database, join, sql } from '@app/database';
import { Inject, Injectable } from '@nestjs/common';

import { AlertsError } from '../alerts.error';
import {
  type AttemptRow,
  type Delivery,
  type DeliveryAttempt,
  DELIVERY_COLUMNS,
  type DeliveryRow,
  fromAttemptRow,
  fromDeliveryRow,
} from './delivery-rows';

export type DeliveryWithAttempts = Delivery & { attemptLog: DeliveryAttempt[] };

export interface DeliveryPage {
  deliveries: DeliveryWithAttempts[];
  total: number;
  limit: number;
  offset: number;
}

/** The delivery log of a subscription, newest first, with every attempt of each delivery. */
@Injectable()
export class DeliveryLogService {
  constructor(@Inject(Database) private readonly database: Database) {}

  async list(subscriptionId: string, page: { limit: number; offset: number }): Promise<DeliveryPage> {
    const [rows, [count]] = await Promise.all([
      this.database.query<DeliveryRow>(
        `SELECT ${DELIVERY_COLUMNS} FROM deliveries WHERE subscription_id = $1
         ORDER BY created_at DESC, position DESC, id DESC LIMIT $2 OFFSET $3`,
        [subscriptionId, page.limit, page.offset],
      ),
      this.database.query<{ total: number | string }>(
        'SELECT COUNT(*) AS total FROM deliveries WHERE subscription_id = $1',
        [subscriptionId],
      ),
    ]);
    const deliveries = rows.map(fromDeliveryRow);
    const attempts = await this.attempts(deliveries.map((d) => d.id));
    return {
      deliveries: deliveries.map((d) => ({ ...d, attemptLog: attempts.get(d.id) ?? [] })),
      total: Number(count?.total ?? 0),
      ...page,
    };
  }

  /** One delivery of this subscription (DELIVERY_NOT_FOUND when it is another's or unknown). */
  async get(subscriptionId: string, deliveryId: string): Promise<DeliveryWithAttempts> {
    const [row] = await this.database.query<DeliveryRow>(
      `SELECT ${DELIVERY_COLUMNS} FROM deliveries WHERE id = $1 AND subscription_id = $2`,
      [deliveryId, subscriptionId],
    );
    if (!row) {
      throw new AlertsError(
        'DELIVERY_NOT_FOUND',
        `No delivery ${deliveryId} for subscription ${subscriptionId}`,
        {
          subscriptionId,
          deliveryId,
        },
      );
    }
    const delivery = fromDeliveryRow(row);
    return { ...delivery, attemptLog: (await this.attempts([deliveryId])).get(deliveryId) ?? [] };
  }

  private async attempts(deliveryIds: string[]): Promise<Map<string, DeliveryAttempt[]>> {
    const byDelivery = new Map<string, DeliveryAttempt[]>();
    if (deliveryIds.length === 0) return byDelivery;
    const rows = await this.database.query<AttemptRow>(
      sql`SELECT delivery_id, attempt, started_at, duration_ms, outcome, status_code, detail FROM delivery_attempts
       WHERE delivery_id IN (${join(deliveryIds)}) ORDER BY delivery_id, attempt`,
    );
    for (const row of rows) {
      const list = byDelivery.get(row.delivery_id) ?? [];
      list.push(fromAttemptRow(row));
      byDelivery.set(row.delivery_id, list);
    }
    return byDelivery;
  }
}
