import { QUEUES } from '@app/runtime';
import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';

import { AlertsQueueModule } from '../alerts-queue.module';
import { DigestService } from './digest.service';
import { DigestProcessor } from './digest.processor';
import { DigestScheduler } from './digest.scheduler';

/** The worker's daily digest: its job scheduler, the processor, and the service that records digests. */
@Module({
  imports: [AlertsQueueModule, BullModule.registerQueue({ name: QUEUES.alertDigest })],
  providers: [DigestService, DigestScheduler, DigestProcessor],
  exports: [DigestService],
})
export class DigestModule {}
