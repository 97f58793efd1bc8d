import { Injectable } from '@nestjs/common';

import type { JsonObject, StoredEvent } from './event';
import { EventStoreError } from './event-store.error';

/** Turns the data of one event type from `fromVersion` into `fromVersion + 1`. Pure. */
export interface Upcaster {
  type: string;
  fromVersion: number;
  upcast(data: JsonObject): JsonObject;
}

/**
 * Old events are upcast on read, never rewritten (DESIGN.md section 3.8). Domain modules register
 * their upcasters at start; new events are written at the newest version known here.
 */
@Injectable()
export class UpcasterRegistry {
  private readonly byType = new Map<string, Map<number, Upcaster>>();

  register(...upcasters: Upcaster[]): void {
    for (const upcaster of upcasters) {
      const chain = this.byType.get(upcaster.type) ?? new Map<number, Upcaster>();
      if (chain.has(upcaster.fromVersion)) {
        throw new Error(`Two upcasters for ${upcaster.type} v${upcaster.fromVersion}`);
      }
      chain.set(upcaster.fromVersion, upcaster);
      this.byType.set(upcaster.type, chain);
    }
  }

  currentVersion(type: string): number {
    const chain = this.byType.get(type);
    return chain ? Math.max(...chain.keys()) + 1 : 1;
  }

  upcast(event: StoredEvent): StoredEvent {
    const chain = this.byType.get(event.type);
    if (!chain) return event;
    let { data, schemaVersion } = event;
    for (let upcaster = chain.get(schemaVersion); upcaster; upcaster = chain.get(schemaVersion)) {
      try {
        data = upcaster.upcast(data);
      } catch (error) {
        throw new EventStoreError(
          'UPCAST_FAILED',
          `Cannot upcast ${event.type} v${schemaVersion} at position ${event.position}: ${String(error)}`,
          { position: event.position },
        );
      }
      schemaVersion += 1;
    }
    return schemaVersion === event.schemaVersion ? event : { ...event, data, schemaVersion };
  }
}
