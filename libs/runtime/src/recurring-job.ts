import type { Logger } from '@nestjs/common';
import type { JobSchedulerTemplateOptions, Queue, RepeatOptions } from 'bullmq';

/** How often a worker upserts a scheduler again by default (a Redis that came back empty has lost it). */
const REFRESH_MS = 3_600_000;

/**
 * A BullMQ job scheduler kept registered from one place. One scheduler serves every worker (BullMQ
 * makes one job per run, whoever upserted it) and upserting is idempotent, so each worker upserts
 * it at start and every `refreshMs` after, never waiting on an absent Redis: a failure is one
 * warning, and the next refresh tries again.
 */
export class RecurringJob {
  private timer: NodeJS.Timeout | undefined;
  private upserting = false;

  constructor(
    private readonly queue: Queue,
    private readonly schedule: {
      id: string;
      /** What it is, for the warning: "the daily digest". */
      what: string;
      repeat: Omit<RepeatOptions, 'key'>;
      job: { name: string; opts?: JobSchedulerTemplateOptions };
    },
    private readonly logger: Logger,
  ) {}

  start(refreshMs = REFRESH_MS): void {
    this.ensure();
    this.timer = setInterval(() => this.ensure(), refreshMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private ensure(): void {
    if (this.upserting) return;
    this.upserting = true;
    const { id, what, repeat, job } = this.schedule;
    void this.queue
      .upsertJobScheduler(id, repeat, { name: job.name, data: {}, opts: job.opts })
      .catch((error: unknown) => this.logger.warn(`Could not schedule ${what}: ${String(error)}`))
      .finally(() => (this.upserting = false));
  }
}
