import { QUEUES } from '@app/runtime';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject } from '@nestjs/common';

import { DeliverySweeper } from './delivery-sweeper';

@Processor(QUEUES.alertSweep)
export class DeliverySweepProcessor extends WorkerHost {
  constructor(@Inject(DeliverySweeper) private readonly sweeper: DeliverySweeper) {
    super();
  }

  async process(): Promise<void> {
    await this.sweeper.sweep();
  }
}
