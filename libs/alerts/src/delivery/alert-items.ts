import { type AppConfig, APP_CONFIG } from '@app/config';
import { EventStore } from '@app/event-store';
import { entryStreamId, foldEntry } from '@app/timeline';
import { Inject, Injectable } from '@nestjs/common';

import type { AlertItem, SendRequest } from './channel-sender';
import type { Delivery } from './delivery-rows';

const CACHE_SIZE = 1_000;

/**
 * What a delivery tells: its event, with the entry as it stood right after it. Events never change,
 * so items are cached by event id (one approval fans out to many subscribers).
 */
@Injectable()
export class AlertItems {
  private readonly cache = new Map<string, AlertItem>();

  constructor(
    @Inject(EventStore) private readonly events: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async forDelivery(
    delivery: Pick<Delivery, 'eventId' | 'position' | 'entryId' | 'kind'>,
  ): Promise<AlertItem> {
    if (delivery.kind === 'notice')
      throw new Error(`Delivery of notice ${delivery.eventId} has no alert item`);
    const cached = this.cache.get(delivery.eventId);
    if (cached) return cached;
    const stream = await this.events.readStream(entryStreamId(delivery.entryId), {
      upToPosition: delivery.position,
    });
    const event = stream.find((e) => e.eventId === delivery.eventId);
    // What a subscriber is told is the entry right after the event, whatever came later: a retried
    // or replayed delivery says the same thing.
    const entry = foldEntry(stream);
    if (!event || !entry)
      throw new Error(`Event ${delivery.eventId} of entry ${delivery.entryId} is not in the log`);
    const data = event.data as { changes?: Record<string, unknown>; reason?: string };
    const item: AlertItem = {
      kind: delivery.kind,
      eventId: event.eventId,
      position: event.position,
      recordedAt: event.recordedAt,
      entry,
      ...(data.changes !== undefined ? { changes: data.changes } : {}),
      ...(data.reason !== undefined ? { reason: data.reason } : {}),
    };
    if (this.cache.size >= CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(delivery.eventId, item);
    return item;
  }

  /** Links into this installation (PUBLIC_BASE_URL), for senders. */
  entryLink(entryId: string): string {
    return `${this.config.http.publicBaseUrl}/entries/${entryId}`;
  }

  links(unsubscribe: string | null): SendRequest['links'] {
    return { entry: (id) => this.entryLink(id), unsubscribe };
  }
}
