import { inChunks, join, raw, sql, type Transaction } from '@app/database';

import { fromSubscriptionRow, SUBSCRIPTION_COLUMNS, type SubscriptionRow } from '../subscription-rows';
import type { SubscriptionView } from '../subscription-view';
import type { DispatchTarget } from './dispatch-plan';

interface Known {
  version: number;
  target: DispatchTarget;
  view: SubscriptionView;
}

/**
 * The active subscriptions, as the dispatcher matches against them, kept between dispatches. Every
 * change of a subscription moves its row's `version` (the projection writes its stream version), so
 * each dispatch reads only the ids and versions of the active rows and reads a whole row again only
 * when it is new or its version moved: a thousand subscribers no longer cost a thousand rows read
 * and parsed (and as many objects allocated) per approval.
 */
export class ActiveTargets {
  private readonly known = new Map<string, Known>();

  async read(tx: Transaction): Promise<{ targets: DispatchTarget[]; views: Map<string, SubscriptionView> }> {
    const active = await tx.query<{ id: string; version: number | string }>(
      sql`SELECT id, version FROM subscriptions WHERE status = 'active'`,
    );
    const stale = active.filter((row) => this.known.get(row.id)?.version !== Number(row.version));
    const activeIds = new Set(active.map((row) => row.id));
    for (const id of this.known.keys()) if (!activeIds.has(id)) this.known.delete(id);
    for (const chunk of inChunks(stale.map((row) => row.id))) {
      // Still active in this statement's view too (on PostgreSQL each statement has its own).
      const rows = await tx.query<SubscriptionRow>(
        sql`SELECT ${raw(SUBSCRIPTION_COLUMNS)} FROM subscriptions WHERE id IN (${join(chunk)}) AND status = 'active'`,
      );
      for (const row of rows) this.remember(row);
    }
    const targets: DispatchTarget[] = [];
    const views = new Map<string, SubscriptionView>();
    for (const { id } of active) {
      const known = this.known.get(id);
      if (!known) continue;
      targets.push(known.target);
      views.set(id, known.view);
    }
    return { targets, views };
  }

  private remember(row: SubscriptionRow): void {
    const view = fromSubscriptionRow(row);
    this.known.set(view.id, {
      version: Number(row.version),
      view,
      target: {
        id: view.id,
        channel: view.channel,
        mode: view.mode,
        filters: view.filters,
        createdPosition: Number(row.created_position),
      },
    });
  }
}
