import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';

import { AlertDispatcher } from './alert-dispatcher';

/** How often the worker looks at the head of the log. */
export const DISPATCH_POLL_MS = 50;

/**
 * Wakes the dispatcher when the log grows. Every DISPATCH_POLL_MS the worker compares the log's head
 * with the dispatcher's checkpoint (one indexed `MAX(position)`, microseconds on either database)
 * and dispatches when they differ. Chosen over a BullMQ job scheduler with a short `every`: an
 * approval reaches the dispatcher within one poll (the aim is p50 < 100 ms from approval to
 * receipt) whoever appended it (API, CLI, seed, another machine), with no Redis round trips, and
 * dispatch goes on while Redis is away (the rows wait in the database for it).
 */
@Injectable()
export class DispatchLoop implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Alerts');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private failures = 0;

  constructor(@Inject(AlertDispatcher) private readonly dispatcher: AlertDispatcher) {}

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick().finally(() => (this.running = undefined));
    }, delayMs);
  }

  private async tick(): Promise<void> {
    let next = DISPATCH_POLL_MS;
    try {
      const { head, checkpoint } = await this.dispatcher.lag();
      if (head > checkpoint) {
        const result = await this.dispatcher.dispatchOnce();
        // More to read: go on at once rather than after a poll interval.
        if (result.events > 0) next = 0;
      }
      this.failures = 0;
    } catch (error) {
      // The database away (or locked for long): say so once in a while, back off, and go on.
      this.failures += 1;
      if (this.failures === 1 || this.failures % 100 === 0) {
        this.logger.error(
          `Alert dispatch failed (${this.failures} in a row): ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      next = Math.min(5_000, DISPATCH_POLL_MS * 2 ** Math.min(this.failures, 7));
    }
    this.schedule(next);
  }
}
