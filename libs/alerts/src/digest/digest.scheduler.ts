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

import { digestCronPattern } from './digest-schedule';

export const DIGEST_SCHEDULER_ID = 'daily-digest';

/** How often each worker upserts the scheduler again (a Redis that came back empty has lost it). */
const REFRESH_MS = 3_600_000;

/**
 * Registers the daily digest's BullMQ job scheduler: a cron pattern at DIGEST_HOUR_UTC, in UTC. One
 * scheduler serves every worker (BullMQ makes one job per run, whoever upserted it), and upserting
 * is idempotent, so each worker does it at start and hourly after, never waiting on an absent Redis.
 */
@Injectable()
export class DigestScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Alerts');
  private timer: NodeJS.Timeout | undefined;
  private upserting = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue(QUEUES.alertDigest) private readonly queue: Queue<JobPayloads[typeof QUEUES.alertDigest]>,
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
        DIGEST_SCHEDULER_ID,
        { pattern: digestCronPattern(this.config.alerts.digestHourUtc), tz: 'UTC' },
        { name: 'digest', data: {}, opts: { removeOnComplete: true, removeOnFail: 100 } },
      )
      .catch((error: unknown) => this.logger.warn(`Could not schedule the daily digest: ${String(error)}`))
      .finally(() => (this.upserting = false));
  }
}
