import { type AppConfig, APP_CONFIG } from '@app/config';
import { RedisOutage } from '@app/runtime';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';

import { FeedService } from '../feeds/feed.service';
import { readFeedsFile } from '../feeds/feeds-file';
import { FeedScheduler } from './feed-scheduler.service';
import { redactUrls } from './redact-url';

/** How often each worker makes the job schedulers match the active feeds. */
export const RECONCILE_INTERVAL_MS = 60_000;

/**
 * The worker's start: register the configured default feeds, then keep a job scheduler for every
 * active feed, now and every minute (feeds registered from the CLI, which has no Redis, are picked
 * up at the next round; so are schedulers lost with a Redis that restarted empty).
 */
@Injectable()
export class FeedReconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('FeedScheduler');
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(FeedService) private readonly feeds: FeedService,
    @Inject(FeedScheduler) private readonly scheduler: FeedScheduler,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(RedisOutage) private readonly outage: RedisOutage,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.registerDefaults();
    await this.reconcile();
    this.timer = setInterval(() => void this.reconcile(), RECONCILE_INTERVAL_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private async registerDefaults(): Promise<void> {
    const setting = this.config.ingest.feedsFile;
    if (!setting) return;
    try {
      const report = await this.feeds.registerDefaults(await readFeedsFile(setting));
      if (report.added.length > 0) {
        this.logger.log(
          `Default feeds (${setting}): ${report.added.length} registered, ${report.present} already known`,
        );
      }
      for (const problem of report.invalid) this.logger.error(`Default feed skipped: ${redactUrls(problem)}`);
    } catch (error) {
      // A bad file stops no worker: feeds can still be added through the API and the CLI.
      this.logger.error(`Default feeds not registered: ${(error as Error).message}`);
    }
  }

  private async reconcile(): Promise<void> {
    // While Redis is away the round would only wait for it; the next one after it is back runs.
    if (!this.outage.available) return;
    try {
      await this.scheduler.reconcile();
    } catch (error) {
      this.logger.warn(
        `Could not reconcile feed schedules (next try in a minute): ${redactUrls((error as Error).message)}`,
      );
    }
  }
}
