import { type AppConfig, APP_CONFIG } from '@app/config';
import { type JobPayloads, QUEUES } from '@app/runtime';
import { InjectQueue } from '@nestjs/bullmq';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Queue } from 'bullmq';

export const FEED_SILENCE_SCHEDULER_ID = 'feed-silence-check';

/** How often each worker upserts the scheduler again (a Redis that came back empty has lost it). */
const REFRESH_MS = 3_600_000;

/**
 * Pure: how often feeds are checked for silence: a quarter of FEED_SILENCE_FAILING (so a failing
 * feed is reported at most a quarter late), between a second and fifteen minutes.
 */
export function silenceCheckEveryMs(failingMs: number): number {
  return Math.min(Math.max(Math.round(failingMs / 4), 1_000), 15 * 60_000);
}

/**
 * Registers the feed-silence check's BullMQ job scheduler, the one place it is registered. One
 * scheduler serves every worker (one job per tick, whoever upserted it); upserting is idempotent,
 * so each worker does it at start and hourly after, never waiting on an absent Redis.
 */
@Injectable()
export class FeedSilenceScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('FeedSilence');
  private timer: NodeJS.Timeout | undefined;
  private upserting = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue(QUEUES.feedSilence) private readonly queue: Queue<JobPayloads[typeof QUEUES.feedSilence]>,
  ) {}

  onApplicationBootstrap(): void {
    this.ensure();
    this.timer = setInterval(() => this.ensure(), REFRESH_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private ensure(): void {
    if (this.upserting) return;
    this.upserting = true;
    void this.queue
      .upsertJobScheduler(
        FEED_SILENCE_SCHEDULER_ID,
        { every: silenceCheckEveryMs(this.config.feedSilence.failingMs) },
        { name: 'check', data: {}, opts: { removeOnComplete: true, removeOnFail: 100 } },
      )
      .catch((error: unknown) =>
        this.logger.warn(`Could not schedule the feed-silence check: ${String(error)}`),
      )
      .finally(() => (this.upserting = false));
  }
}
