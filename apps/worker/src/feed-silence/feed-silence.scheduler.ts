import { type AppConfig, APP_CONFIG } from '@app/config';
import { type JobPayloads, QUEUES, RecurringJob } from '@app/runtime';
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

/**
 * Pure: how often feeds are checked for silence: a quarter of FEED_SILENCE_FAILING (so a failing
 * feed is reported at most a quarter late), between a second and fifteen minutes.
 */
export function silenceCheckEveryMs(failingMs: number): number {
  return Math.min(Math.max(Math.round(failingMs / 4), 1_000), 15 * 60_000);
}

/** Registers the feed-silence check's BullMQ job scheduler (a `RecurringJob`), the one place it is registered. */
@Injectable()
export class FeedSilenceScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly job: RecurringJob;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @InjectQueue(QUEUES.feedSilence) queue: Queue<JobPayloads[typeof QUEUES.feedSilence]>,
  ) {
    this.job = new RecurringJob(
      queue,
      {
        id: FEED_SILENCE_SCHEDULER_ID,
        what: 'the feed-silence check',
        repeat: { every: silenceCheckEveryMs(config.feedSilence.failingMs) },
        job: { name: 'check', opts: { removeOnComplete: true, removeOnFail: 100 } },
      },
      new Logger('FeedSilence'),
    );
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  onApplicationShutdown(): void {
    this.job.stop();
  }
}
