import { EventEmitter } from 'node:events';

import { Injectable } from '@nestjs/common';

export type SignalSource = 'local' | 'remote';

/**
 * "The log has new entry events": what wakes the dispatcher at once instead of at its next poll
 * (DESIGN.md section 7). Raised in this process by the dispatch-wake projection once the append
 * transaction has committed, so the dispatcher that wakes sees the events on either database.
 * Raised from other processes through Redis by LogSignalRelay.
 */
@Injectable()
export class LogSignal {
  private readonly emitter = new EventEmitter();

  /** An append of this process committed. */
  appended(): void {
    this.emitter.emit('appended', 'local');
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
