import { type AppConfig, APP_CONFIG } from '@app/config';
import { type JobPayloads, QUEUES, RedisOutage } from '@app/runtime';
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bullmq';

import { FeedService } from '../feeds/feed.service';

type FeedPollJob = JobPayloads[typeof QUEUES.feedPoll];

/** The name of the jobs a feed's scheduler makes. */
export const POLL_JOB = 'poll';
/** How long an API request waits on Redis to schedule or unschedule a feed before answering. */
export const SCHEDULE_WAIT_MS = 1_000;
const PENDING_RETRY_MS = 5_000;

/**
 * The one place feed polling is scheduled (DESIGN.md section 5): a BullMQ job scheduler per active
 * feed, `feed-<id>`, every config.ingest.pollIntervalMs. A new scheduler's first job runs at once,
 * so a registered feed is polled straight away. Any process with Redis may call it (the API on
 * registration, the worker when it reconciles).
 */
@Injectable()
export class FeedScheduler implements OnApplicationShutdown {
  private readonly logger = new Logger(FeedScheduler.name);
  /** Feeds registered or removed while Redis was away: scheduled or unscheduled once it is back. */
  private readonly pending = new Map<string, 'schedule' | 'unschedule'>();
  private retry: NodeJS.Timeout | undefined;
  private flushing = false;

  constructor(
    @InjectQueue(QUEUES.feedPoll) private readonly queue: Queue<FeedPollJob>,
    @Inject(FeedService) private readonly feeds: FeedService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(RedisOutage) private readonly outage: RedisOutage,
  ) {}

  onApplicationShutdown(): void {
    clearInterval(this.retry);
  }

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
   * Schedules a feed just registered, so its first poll runs at once. The registration is in the
   * log already, so when Redis is away (or slow past SCHEDULE_WAIT_MS) the request does not wait:
   * the feed is scheduled when Redis is back (here, and by the worker's reconcile). Says whether
   * it is scheduled now.
   */
  scheduleNow(feedId: string): Promise<boolean> {
    return this.now(feedId, 'schedule');
  }

  /**
   * Stops polling a feed just removed, on the same terms: when Redis is away the removal still
   * stands, a job that finds its feed removed removes its scheduler, and so does the next reconcile.
   */
  unscheduleNow(feedId: string): Promise<boolean> {
    return this.now(feedId, 'unschedule');
  }

  private async now(feedId: string, action: 'schedule' | 'unschedule'): Promise<boolean> {
    this.pending.delete(feedId);
    if (this.outage.available) {
      const work = action === 'schedule' ? this.schedule(feedId) : this.unschedule(feedId);
      const done = await Promise.race([
        work.then(
          () => true,
          () => false,
        ),
        new Promise<false>((resolve) => setTimeout(() => resolve(false), SCHEDULE_WAIT_MS).unref()),
      ]);
      if (done) return true;
    }
    this.pending.set(feedId, action);
    this.logger.warn(
      `Redis unavailable: feed ${feedId} is recorded and will be ${action}d when Redis is back`,
    );
    this.retry ??= setInterval(() => void this.flushPending(), PENDING_RETRY_MS);
    this.retry.unref();
    return false;
  }

  private async flushPending(): Promise<void> {
    if (!this.outage.available || this.flushing) return;
    this.flushing = true;
    try {
      await this.flushEach();
    } finally {
      this.flushing = false;
    }
  }

  private async flushEach(): Promise<void> {
    for (const [feedId, action] of [...this.pending]) {
      try {
        if (action === 'schedule') await this.schedule(feedId);
        else await this.unschedule(feedId);
        if (this.pending.get(feedId) === action) this.pending.delete(feedId);
        this.logger.log(`Feed ${feedId} ${action}d now that Redis is back`);
      } catch {
        return; // Still away: the next round tries again.
      }
    }
    if (this.pending.size === 0) {
      clearInterval(this.retry);
      this.retry = undefined;
    }
  }

  async unschedule(feedId: string): Promise<void> {
    await this.queue.removeJobScheduler(FeedScheduler.schedulerId(feedId));
  }

  /**
   * Makes the schedulers match the polled feeds: adds the missing ones (feeds registered or resumed
   * from the CLI, which has no Redis, or while Redis was away), removes those of removed or paused
   * feeds, and
   * re-creates those whose interval changed. Existing ones are left alone, so their rhythm holds.
   */
  async reconcile(): Promise<{ scheduled: string[]; unscheduled: string[] }> {
    const active = new Set(await this.feeds.polledIds());
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
