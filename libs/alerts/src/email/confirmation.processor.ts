import { type JobPayloads, QUEUES } from '@app/runtime';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger } from '@nestjs/common';
import { type Job, UnrecoverableError } from 'bullmq';

import { ConfirmationSender } from './confirmation-sender';

/**
 * Sends confirmation mails. A transient SMTP failure throws, so BullMQ tries again with backoff; a
 * permanent one (5xx, no SMTP_URL) ends the job at once; both are logged with the server's reply.
 */
@Processor(QUEUES.alertConfirmation)
export class ConfirmationProcessor extends WorkerHost {
  private readonly logger = new Logger('Alerts');

  constructor(@Inject(ConfirmationSender) private readonly confirmations: ConfirmationSender) {
    super();
  }

  async process(job: Job<JobPayloads[typeof QUEUES.alertConfirmation]>): Promise<void> {
    const { subscriptionId } = job.data;
    const outcome = await this.confirmations.send(subscriptionId);
    if (outcome.kind === 'delivered' || outcome.kind === 'skipped') return;
    const message = `Confirmation mail of subscription ${subscriptionId} (attempt ${job.attemptsMade + 1}): ${outcome.detail}`;
    if (outcome.kind === 'retry') {
      this.logger.warn(`${message}; will try again`);
      throw new Error(message);
    }
    this.logger.error(`${message}; not sent`);
    throw new UnrecoverableError(message);
  }
}
