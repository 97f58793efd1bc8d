import type { Transaction } from '@app/database';
import { InlineProjection, type Projection, type StoredEvent } from '@app/event-store';
import { Inject, Injectable } from '@nestjs/common';

import { DISPATCHED_EVENTS } from './dispatch-plan';
import { LogSignal } from './log-signal';

/**
 * The commit hook of alerts: an inline projection of the entry events subscribers are told about,
 * with no table, that only raises the LogSignal. Run by every process that appends, so whoever
 * approves (API, CLI, worker) wakes the dispatcher in its own process, and through Redis the others.
 */
@Injectable()
@InlineProjection()
export class DispatchWakeProjection implements Projection {
  readonly name = 'alerts-dispatch-wake';
  readonly eventTypes = Object.keys(DISPATCHED_EVENTS);
  readonly tables = [];

  constructor(@Inject(LogSignal) private readonly signal: LogSignal) {}

  /** One signal per append, raised once it has committed. */
  applyBatch(_events: readonly StoredEvent[], tx: Transaction): Promise<void> {
    tx.afterCommit(() => this.signal.appended());
    return Promise.resolve();
  }

  apply(event: StoredEvent, tx: Transaction): Promise<void> {
    return this.applyBatch([event], tx);
  }
}
