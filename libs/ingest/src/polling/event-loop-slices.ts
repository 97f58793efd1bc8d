import { setImmediate as nextTurn } from 'node:timers/promises';

/** How long one slice of a poll's work may hold the event loop. */
export const SLICE_MS = 10;

/**
 * Cuts a long loop into slices that yield to the event loop (`/health`, BullMQ's lock renewal,
 * other requests), so one large feed never holds the process for more than about SLICE_MS at a
 * time. Call `pass()` between units of work; it yields only once the slice is used up.
 */
export class EventLoopSlices {
  private started = performance.now();

  constructor(private readonly sliceMs = SLICE_MS) {}

  async pass(): Promise<void> {
    if (performance.now() - this.started < this.sliceMs) return;
    await nextTurn();
    this.started = performance.now();
  }
}
