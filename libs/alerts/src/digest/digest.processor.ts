import { QUEUES } from '@app/runtime';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject } from '@nestjs/common';

import { DigestService } from './digest.service';

/** One job a day (DigestScheduler): records each daily subscription's digest and queues it. */
@Processor(QUEUES.alertDigest)
export class DigestProcessor extends WorkerHost {
  constructor(@Inject(DigestService) private readonly digests: DigestService) {
    super();
  }

  async process(): Promise<void> {
    await this.digests.run();
  }
}
