import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';

/** Sends at once to one endpoint: as many as the outbound client keeps connections per origin. */
export const LANE_CONCURRENCY = 8;
/** Waiting sends kept per endpoint; past it a delivery waits in the database for the sweeper. */
const LANE_QUEUE_LIMIT = 10_000;
const SCAN_LIMIT = 256;
const FIRST_COOLDOWN_MS = 1_000;
const MAX_COOLDOWN_MS = 60_000;

/** What a send told about its endpoint: it answered, it failed as an endpoint fails, or neither. */
export type EndpointHealth = 'healthy' | 'failing' | 'neutral';

interface Waiting {
  id: string;
  /** Deliveries of one group (a subscription) go one at a time, in the order they came. */
  group: string;
  task: () => Promise<EndpointHealth>;
  done: Promise<void>;
  resolve: () => void;
}

interface Lane {
  running: number;
  queue: Waiting[];
  byId: Map<string, Waiting>;
  /** Groups with a send running. */
  busy: Set<string>;
  failures: number;
  coolUntil: number;
  timer: NodeJS.Timeout | undefined;
}

/**
 * Deliveries isolated per endpoint (issue 15): each endpoint (a webhook URL's host and port; email
 * as one) has a lane of its own with LANE_CONCURRENCY sends at most, and backs off on its own: after
 * a send that failed as a dead endpoint fails (timeout, refused connection, 5xx), the lane starts
 * nothing for a cooldown that doubles with each failure in a row (1 s to 60 s) and is over at the
 * first success. One subscription's deliveries go one at a time, in order (an amendment does not
 * overtake its addition). So three dead endpoints with a thousand deliveries owed hold only their own lanes,
 * and a healthy receiver is sent to at once. A delivery waiting in a lane is only in memory: its row
 * stays `pending`, and if this process ends, the sweeper queues it again.
 */
@Injectable()
export class EndpointLanes implements OnApplicationShutdown {
  private readonly logger = new Logger('Alerts');
  private readonly lanes = new Map<string, Lane>();
  private readonly now: () => number = Date.now;
  private stopped = false;

  /**
   * Runs `task` on the endpoint's lane; resolves when it has run (or was dropped). The same
   * delivery asked for again while it waits or runs is not run twice.
   */
  run(endpoint: string, id: string, group: string, task: () => Promise<EndpointHealth>): Promise<void> {
    const lane = this.lane(endpoint);
    const known = lane.byId.get(id);
    if (known) return known.done;
    if (lane.queue.length >= LANE_QUEUE_LIMIT || this.stopped) return Promise.resolve();
    let resolve!: () => void;
    const done = new Promise<void>((r) => (resolve = r));
    const waiting: Waiting = { id, group, task, done, resolve };
    lane.queue.push(waiting);
    lane.byId.set(id, waiting);
    this.pump(endpoint, lane);
    return done;
  }

  /** How many sends an endpoint's lane has waiting and running (for tests and metrics). */
  load(endpoint: string): { waiting: number; running: number; coolingMs: number } {
    const lane = this.lanes.get(endpoint);
    if (!lane) return { waiting: 0, running: 0, coolingMs: 0 };
    return {
      waiting: lane.queue.length,
      running: lane.running,
      coolingMs: Math.max(0, lane.coolUntil - this.now()),
    };
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    for (const lane of this.lanes.values()) {
      clearTimeout(lane.timer);
      for (const waiting of lane.queue.splice(0)) waiting.resolve();
    }
  }

  private lane(endpoint: string): Lane {
    let lane = this.lanes.get(endpoint);
    if (!lane) {
      lane = {
        running: 0,
        queue: [],
        byId: new Map(),
        busy: new Set(),
        failures: 0,
        coolUntil: 0,
        timer: undefined,
      };
      this.lanes.set(endpoint, lane);
    }
    return lane;
  }

  private pump(endpoint: string, lane: Lane): void {
    if (this.stopped) return;
    const wait = lane.coolUntil - this.now();
    if (wait > 0) {
      lane.timer ??= setTimeout(() => {
        lane.timer = undefined;
        this.pump(endpoint, lane);
      }, wait);
      return;
    }
    // The first waiting sends whose subscription has none running (looked for among the first
    // few hundred only: a long queue is mostly one dead subscription's).
    for (let i = 0; lane.running < LANE_CONCURRENCY && i < lane.queue.length && i < SCAN_LIMIT;) {
      const waiting = lane.queue[i]!;
      if (lane.busy.has(waiting.group)) {
        i += 1;
        continue;
      }
      lane.queue.splice(i, 1);
      lane.running += 1;
      lane.busy.add(waiting.group);
      void this.start(endpoint, lane, waiting);
    }
    if (lane.running === 0 && lane.queue.length === 0 && lane.failures === 0) this.lanes.delete(endpoint);
  }

  private async start(endpoint: string, lane: Lane, waiting: Waiting): Promise<void> {
    let health: EndpointHealth = 'neutral';
    try {
      health = await waiting.task();
    } catch (error) {
      this.logger.error(`Delivery ${waiting.id}: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      lane.running -= 1;
      lane.busy.delete(waiting.group);
      lane.byId.delete(waiting.id);
      waiting.resolve();
    }
    if (health === 'healthy') {
      lane.failures = 0;
      lane.coolUntil = 0;
    } else if (health === 'failing') {
      lane.failures += 1;
      const cooldown = Math.min(MAX_COOLDOWN_MS, FIRST_COOLDOWN_MS * 2 ** (lane.failures - 1));
      lane.coolUntil = Math.max(lane.coolUntil, this.now() + cooldown);
    }
    this.pump(endpoint, lane);
  }
}

/** The lane of a delivery: a webhook's host and port, or the one of email. */
export function endpointOf(channel: 'webhook' | 'email', target: string): string {
  if (channel === 'email') return 'email';
  return URL.canParse(target) ? `webhook:${new URL(target).host}` : `webhook:${target}`;
}
