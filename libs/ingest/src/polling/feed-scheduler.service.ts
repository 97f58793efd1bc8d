import { type AppConfig, APP_CONFIG } from '@app/config';
import { type JobPayloads, QUEUES } from '@app/runtime';
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';

import { FeedService } from '../feeds/feed.service';

type FeedPollJob = JobPayloads[typeof QUEUES.feedPoll];

/** The name of the jobs a feed's scheduler makes. */
export const POLL_JOB = 'poll';

/**
 * The one place feed polling is scheduled (DESIGN.md section 5): a BullMQ job scheduler per active
 * feed, `feed-<id>`, every config.ingest.pollIntervalMs. A new scheduler's first job runs at once,
 * so a registered feed is polled straight away. Any process with Redis may call it (the API on
 * registration, the worker when it reconciles).
 */
@Injectable()
export class FeedScheduler {
  private readonly logger = new Logger(FeedScheduler.name);

  constructor(
    @InjectQueue(QUEUES.feedPoll) private readonly queue: Queue<FeedPollJob>,
    @Inject(FeedService) private readonly feeds: FeedService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  static schedulerId(feedId: string): string {
    return `feed-${feedId}`;
  }

  async schedule(feedId: string): Promise<void> {
    await this.queue.upsertJobScheduler(
      FeedScheduler.schedulerId(feedId),
      { every: this.config.ingest.pollIntervalMs },
      {
        name: POLL_JOB,
        data: { feedId },
        opts: {
          // A failed poll is recorded in feed_state, not thrown; what throws is the database or
          // Redis being away, worth a few more tries before the next scheduled poll.
          attempts: 3,
          backoff: { type: 'exponential', delay: 5_000 },
          removeOnComplete: { count: 50 },
          removeOnFail: { count: 200 },
        },
      },
    );
  }

  /**
   * Schedules a feed just registered, so its first poll runs at once. When Redis is away the
   * registration still stands: the worker's next reconcile schedules it. Says whether it worked.
   */
  async scheduleNow(feedId: string): Promise<boolean> {
    try {
      await this.schedule(feedId);
      return true;
    } catch (error) {
      this.logger.warn(`Feed ${feedId} not scheduled yet (${(error as Error).message}); the worker will`);
      return false;
    }
  }

  /**
   * Stops polling a feed just removed. When Redis is away the removal still stands: a job that
   * finds its feed removed removes its scheduler, and so does the worker's next reconcile.
   */
  async unscheduleNow(feedId: string): Promise<boolean> {
    try {
      await this.unschedule(feedId);
      return true;
    } catch (error) {
      this.logger.warn(`Feed ${feedId} not unscheduled yet (${(error as Error).message}); the worker will`);
      return false;
    }
  }

  async unschedule(feedId: string): Promise<void> {
    await this.queue.removeJobScheduler(FeedScheduler.schedulerId(feedId));
  }

  /**
   * Makes the schedulers match the active feeds: adds the missing ones (feeds registered from the
   * CLI, which has no Redis, or while Redis was away), removes those of removed feeds, and
   * re-creates those whose interval changed. Existing ones are left alone, so their rhythm holds.
   */
  async reconcile(): Promise<{ scheduled: string[]; unscheduled: string[] }> {
    const active = new Set(await this.feeds.activeIds());
    const existing = new Map<string, number | undefined>();
    for (const scheduler of await this.queue.getJobSchedulers(0, -1)) {
      const id = scheduler.key ?? scheduler.id;
      if (id?.startsWith('feed-')) existing.set(id.slice('feed-'.length), scheduler.every);
    }
    const scheduled: string[] = [];
    const unscheduled: string[] = [];
    for (const feedId of active) {
      if (existing.has(feedId) && existing.get(feedId) === this.config.ingest.pollIntervalMs) continue;
      await this.schedule(feedId);
      scheduled.push(feedId);
    }
    for (const feedId of existing.keys()) {
      if (active.has(feedId)) continue;
      await this.unschedule(feedId);
      unscheduled.push(feedId);
    }
    if (scheduled.length + unscheduled.length > 0) {
      this.logger.log(
        `Feed polling: ${scheduled.length} feed(s) scheduled, ${unscheduled.length} unscheduled`,
      );
    }
    return { scheduled, unscheduled };
  }
}
