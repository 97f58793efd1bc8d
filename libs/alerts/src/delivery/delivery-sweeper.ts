import { type AppConfig, APP_CONFIG } from '@app/config';
import { Database } from '@app/database';
import { Clock } from '@app/event-store';
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

import { DeliveryQueue } from './delivery-queue';

const SWEEP_BATCH = 1_000;
const SCHEDULER_ID = 'alert-sweep';

/**
 * Queues again what the queue lost: rows still `pending` a sweep interval past their due time (a
 * job lost with Redis, or never queued while it was away), and rows `sending` past their lease (a
 * worker killed mid-send). Runs from a BullMQ job scheduler, so one sweep per interval serves all
 * workers. A job scheduler lives in Redis and is gone when Redis comes back empty, so every worker
 * upserts it again each interval (idempotent; it never waits on an absent Redis).
 */
@Injectable()
export class DeliverySweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Alerts');
  private readonly job: RecurringJob;

  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(DeliveryQueue) private readonly queue: DeliveryQueue,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue(QUEUES.alertSweep) sweepQueue: Queue<JobPayloads[typeof QUEUES.alertSweep]>,
  ) {
    this.job = new RecurringJob(
      sweepQueue,
      {
        id: SCHEDULER_ID,
        what: 'the delivery sweeper',
        repeat: { every: config.alerts.sweepIntervalMs },
        job: { name: 'sweep', opts: { removeOnComplete: true, removeOnFail: true } },
      },
      this.logger,
    );
  }

  onApplicationBootstrap(): void {
    this.job.start(this.config.alerts.sweepIntervalMs);
  }

  onApplicationShutdown(): void {
    this.job.stop();
  }

  /** Queues the stale rows again; returns how many. */
  async sweep(): Promise<number> {
    const now = this.clock.now();
    const overdue = new Date(now.getTime() - this.config.alerts.sweepIntervalMs).toISOString();
    const rows = await this.database.query<{ id: string; attempts: number | string }>(
      `SELECT id, attempts FROM deliveries
       WHERE (status = 'pending' AND COALESCE(next_attempt_at, updated_at) <= $1)
          OR (status = 'sending' AND lease_until < $2)
       ORDER BY next_attempt_at LIMIT ${SWEEP_BATCH}`,
      [overdue, now.toISOString()],
    );
    if (rows.length === 0) return 0;
    // The job id of the row's current attempt: if its job is still in the queue, this adds nothing.
    await this.queue.add(
      rows.map((row) => ({ deliveryId: row.id, jobId: DeliveryQueue.jobId(row.id, Number(row.attempts)) })),
    );
    this.logger.log(`Sweeper queued ${rows.length} stale deliveries again`);
    return rows.length;
  }
}
