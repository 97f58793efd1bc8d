import { EventStore, type StoredEvent } from '@app/event-store';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Observable, Subject } from 'rxjs';

/** One change to the queue, as the page's EventSource receives it. */
export interface QueueChange {
  candidateId: string;
  /** The candidate event: CandidateProposed, CandidateApproved, CandidateDecisionUndone… */
  type: string;
  position: number;
  recordedAt: string;
  /** The reviewer's display name, for decisions. */
  by?: string;
}

/** How often the log head is looked at while someone listens: appends from any process show within it. */
export const QUEUE_POLL_MS = 1_000;
const HEARTBEAT_MS = 15_000;

export interface ServerSentEvent {
  type: string;
  id?: string;
  data: unknown;
}

/**
 * The live queue: one poller per API process follows the log's head while at least one reviewer
 * listens, and tells every listener which candidates changed. It reads the database, not process
 * memory, so a decision made through another API process reaches every page too.
 */
@Injectable()
export class ReviewEventsService implements OnModuleDestroy {
  private readonly logger = new Logger('ReviewEvents');
  private readonly changes = new Subject<QueueChange>();
  private listeners = 0;
  private after: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private polling = false;

  constructor(@Inject(EventStore) private readonly events: EventStore) {}

  /** Every change to a candidate from now on, with a heartbeat so proxies keep the connection open. */
  stream(): Observable<ServerSentEvent> {
    return new Observable<ServerSentEvent>((subscriber) => {
      this.listeners += 1;
      this.start();
      subscriber.next({ type: 'ready', data: { pollMs: QUEUE_POLL_MS } });
      const subscription = this.changes.subscribe((change) =>
        subscriber.next({ type: 'candidate', id: String(change.position), data: change }),
      );
      const heartbeat = setInterval(() => subscriber.next({ type: 'ping', data: {} }), HEARTBEAT_MS);
      return () => {
        clearInterval(heartbeat);
        subscription.unsubscribe();
        this.listeners -= 1;
        if (this.listeners === 0) this.stop();
      };
    });
  }

  onModuleDestroy(): void {
    this.stop();
    this.changes.complete();
  }

  private start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.poll(), QUEUE_POLL_MS);
    void this.poll();
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.after = undefined;
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const head = await this.events.head();
      if (this.after === undefined) {
        this.after = head.position;
        return;
      }
      while (this.after < head.position) {
        const page = await this.events.readAll(this.after, 1_000);
        if (page.length === 0) break;
        for (const event of page)
          if (event.streamId.startsWith('candidate-')) this.changes.next(toChange(event));
        this.after = page.at(-1)!.position;
      }
    } catch (error) {
      // The next tick tries again; a listener only sees its page update a second later.
      this.logger.warn(
        `Could not read the log head: ${error instanceof Error ? error.message : String(error)}`,
      );
    } finally {
      this.polling = false;
    }
  }
}

function toChange(event: StoredEvent): QueueChange {
  return {
    candidateId: String(event.data.candidateId),
    type: event.type,
    position: event.position,
    recordedAt: event.recordedAt,
    ...(typeof event.data.reviewer === 'string' ? { by: event.data.reviewer } : {}),
  };
}
