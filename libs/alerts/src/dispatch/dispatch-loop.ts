import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';

import { AlertDispatcher } from './alert-dispatcher';
import { LogSignal } from './log-signal';

/** How often the worker looks at the head of the log when nothing has woken it: the fallback. */
export const DISPATCH_POLL_MS = 50;

/**
 * Runs the dispatcher. An append wakes it at once through the LogSignal (in this process, or from
 * another through Redis); polling the head every DISPATCH_POLL_MS stays as the fallback for a
 * signal lost (Redis away, an append from the CLI, another machine). A poll is one indexed
 * `MAX(position)`, microseconds on either database, and dispatch goes on while Redis is away (the
 * rows wait in the database for it).
 */
@Injectable()
export class DispatchLoop implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Alerts');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private failures = 0;
  /** A signal came while a tick was running: run again at once after it. */
  private again = false;
  private unsubscribe: (() => void) | undefined;

  constructor(
    @Inject(AlertDispatcher) private readonly dispatcher: AlertDispatcher,
    @Inject(LogSignal) private readonly signal: LogSignal,
  ) {}

  onApplicationBootstrap(): void {
    this.unsubscribe = this.signal.on(() => this.wake());
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    clearTimeout(this.timer);
    await this.running;
  }

  private wake(): void {
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
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
        const result = await this.dispatcher.dispatchOnce(checkpoint);
        // More to read: go on at once rather than after a poll interval; an entry event in its
        // undo window: look again when the window is over.
        if (result.heldUntil) next = Math.max(0, result.heldUntil.getTime() - Date.now());
        else if (result.events > 0) next = 0;
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
    if (this.again && this.failures === 0) {
      this.again = false;
      next = 0;
    }
    this.schedule(next);
  }
}
