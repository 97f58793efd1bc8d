import { type JobPayloads, QUEUES } from '@app/runtime';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';

export interface DeliveryJob {
  deliveryId: string;
  /** Unique per attempt (`<delivery id>-<attempts made>`): a job queued twice for one attempt is one job. */
  jobId: string;
  delayMs?: number;
}

/** How long a caller waits for Redis before leaving a delivery to the sweeper. */
const ENQUEUE_WAIT_MS = 2_000;

/**
 * Queues delivery jobs. A job carries the delivery id only; the row decides what is sent, so a
 * job lost with Redis costs only time (the sweeper queues the row again), and a job run twice sends
 * nothing twice (the row is claimed compare-and-set).
 */
@Injectable()
export class DeliveryQueue {
  private readonly logger = new Logger('Alerts');

  constructor(
    @InjectQueue(QUEUES.alertDelivery)
    private readonly queue: Queue<JobPayloads[typeof QUEUES.alertDelivery]>,
  ) {}

  static jobId(deliveryId: string, attempts: number): string {
    return `${deliveryId}-${attempts}`;
  }

  async add(jobs: readonly DeliveryJob[]): Promise<void> {
    if (jobs.length === 0) return;
    await this.queue.addBulk(
      jobs.map((job) => ({
        name: 'deliver',
        data: { deliveryId: job.deliveryId },
        opts: {
          jobId: job.jobId,
          delay: Math.max(0, Math.round(job.delayMs ?? 0)),
          removeOnComplete: true,
          removeOnFail: true,
        },
      })),
    );
  }

  /**
   * Adds without making the caller wait on a Redis that is away: true when queued in time. When
   * Redis is down the client keeps the jobs and sends them once it is back; and if they are lost
   * meanwhile, the rows are still pending in the database and the sweeper queues them again.
   */
  async offer(jobs: readonly DeliveryJob[]): Promise<boolean> {
    if (jobs.length === 0) return true;
    const added = this.add(jobs).then(
      () => true,
      (error: unknown) => {
        this.logger.warn(`Could not queue ${jobs.length} deliveries (the sweeper will): ${String(error)}`);
        return false;
      },
    );
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), ENQUEUE_WAIT_MS);
    });
    try {
      return await Promise.race([added, waited]);
    } finally {
      clearTimeout(timer);
    }
  }
}
