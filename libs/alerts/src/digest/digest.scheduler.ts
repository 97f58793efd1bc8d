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

import { digestCronPattern } from './digest-schedule';

export const DIGEST_SCHEDULER_ID = 'daily-digest';

/** Registers the daily digest's BullMQ job scheduler (a `RecurringJob`): a cron pattern at DIGEST_HOUR_UTC, in UTC. */
@Injectable()
export class DigestScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly job: RecurringJob;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @InjectQueue(QUEUES.alertDigest) queue: Queue<JobPayloads[typeof QUEUES.alertDigest]>,
  ) {
    this.job = new RecurringJob(
      queue,
      {
        id: DIGEST_SCHEDULER_ID,
        what: 'the daily digest',
        repeat: { pattern: digestCronPattern(config.alerts.digestHourUtc), tz: 'UTC' },
        job: { name: 'digest', opts: { removeOnComplete: true, removeOnFail: 100 } },
      },
      new Logger('Alerts'),
    );
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  onApplicationShutdown(): void {
    this.job.stop();
  }
}
