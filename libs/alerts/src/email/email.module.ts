import { QUEUES } from '@app/runtime';
import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';

import { AlertsModule } from '../alerts.module';
import { ConfirmationQueue } from './confirmation-queue';
import { EmailSubscriptions } from './email-subscriptions.service';

/** Email sign-ups, confirmations and unsubscribes, for the API (queues confirmation mails on Redis). */
@Module({
  imports: [AlertsModule, BullModule.registerQueue({ name: QUEUES.alertConfirmation })],
  providers: [ConfirmationQueue, EmailSubscriptions],
  exports: [EmailSubscriptions],
})
export class EmailModule {}
