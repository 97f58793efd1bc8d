import { type JobPayloads, QUEUES } from '@app/runtime';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';

/** How long one address waits before another confirmation mail goes to it for the same sign-up. */
export const CONFIRMATION_RESEND_MS = 60_000;
/** SMTP 4xx and lost connections: tried this many times, backing off from 10 s (about 5 minutes). */
const ATTEMPTS = 6;
const FIRST_BACKOFF_MS = 10_000;
/** How long a sign-up waits for Redis before saying that it cannot send now. */
const ENQUEUE_WAIT_MS = 3_000;

/** Redis did not take the job: the mail cannot be promised now (the API answers 503). */
export class ConfirmationQueueError extends Error {
  constructor(message: string, options?: { cause: unknown }) {
    super(message, options);
    this.name = 'ConfirmationQueueError';
  }
}

/**
 * Queues the confirmation mail of an email sign-up. The job carries the subscription id only: the
 * worker mints the link's token when it sends, so the token is never in Redis or a log. Jobs of one
 * subscription are deduplicated for a minute, so the public form cannot make us mail an address
 * over and over.
 */
@Injectable()
export class ConfirmationQueue {
  constructor(
    @InjectQueue(QUEUES.alertConfirmation)
    private readonly queue: Queue<JobPayloads[typeof QUEUES.alertConfirmation]>,
  ) {}

  async request(subscriptionId: string): Promise<void> {
    const added = this.queue.add(
      'confirm',
      { subscriptionId },
      {
        deduplication: { id: `confirm-${subscriptionId}`, ttl: CONFIRMATION_RESEND_MS },
        attempts: ATTEMPTS,
        backoff: { type: 'exponential', delay: FIRST_BACKOFF_MS },
        removeOnComplete: true,
        removeOnFail: 1_000,
      },
    );
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`Redis did not take the confirmation mail in ${ENQUEUE_WAIT_MS} ms`)),
        ENQUEUE_WAIT_MS,
      );
    });
    try {
      await Promise.race([added, timeout]);
    } catch (error) {
      throw new ConfirmationQueueError(
        `Cannot queue the confirmation mail: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    } finally {
      clearTimeout(timer);
    }
  }
}
