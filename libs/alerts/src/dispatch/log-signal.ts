import { EventEmitter } from 'node:events';

import { Injectable } from '@nestjs/common';

export type SignalSource = 'local' | 'remote';

/**
 * "The log has new entry events": what wakes the dispatcher at once instead of at its next poll
 * (DESIGN.md section 7). Raised in this process by the dispatch-wake projection, inside the append
 * transaction; it is told on the next turn of the event loop, after the commit on SQLite, whose
 * driver commits without yielding (on PostgreSQL the dispatcher looks again briefly until the
 * commit shows). Raised from other processes through Redis by LogSignalRelay.
 */
@Injectable()
export class LogSignal {
  private readonly emitter = new EventEmitter();
  private scheduled = false;

  /** Many appends in one turn make one signal. */
  appended(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.emitter.emit('appended', 'local');
    });
  }

  /** Another process appended (told through Redis). */
  remote(): void {
    this.emitter.emit('appended', 'remote');
  }

  /** Calls `listener` on every signal; returns the function that stops it. */
  on(listener: (source: SignalSource) => void): () => void {
    this.emitter.on('appended', listener);
    return () => this.emitter.off('appended', listener);
  }
}
