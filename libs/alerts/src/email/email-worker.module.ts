import { QUEUES } from '@app/runtime';
import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';

import { AlertsModule } from '../alerts.module';
import { ConfirmationProcessor } from './confirmation.processor';
import { ConfirmationSender } from './confirmation-sender';

/** The worker's part of email: sending confirmation mails. (Alerts themselves go through deliveries.) */
@Module({
  imports: [AlertsModule, BullModule.registerQueue({ name: QUEUES.alertConfirmation })],
  providers: [ConfirmationSender, ConfirmationProcessor],
})
export class EmailWorkerModule {}
