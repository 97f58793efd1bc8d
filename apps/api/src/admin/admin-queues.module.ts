import { AuthModule } from '@app/auth';
import { QUEUES } from '@app/runtime';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import type { IServerAdapter } from '@bull-board/api/typings/app';
import { ExpressAdapter } from '@bull-board/express';
import { BullModule, InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { RequestHandler } from 'express';

import { AdminAuthMiddleware } from './admin-auth.middleware';

export const QUEUES_ROUTE = '/admin/queues';

/** Bull Board over every queue of the product (QUEUES), as one Express router. */
@Injectable()
export class QueueBoard {
  readonly adapter = new ExpressAdapter();

  constructor(
    @InjectQueue(QUEUES.feedPoll) feedPoll: Queue,
    @InjectQueue(QUEUES.alertDelivery) alertDelivery: Queue,
    @InjectQueue(QUEUES.alertSweep) alertSweep: Queue,
    @InjectQueue(QUEUES.alertDigest) alertDigest: Queue,
    @InjectQueue(QUEUES.alertConfirmation) alertConfirmation: Queue,
    @InjectQueue(QUEUES.feedSilence) feedSilence: Queue,
  ) {
    this.adapter.setBasePath(QUEUES_ROUTE);
    createBullBoard({
      queues: [feedPoll, alertDelivery, alertSweep, alertDigest, alertConfirmation, feedSilence].map(
        (queue) => new BullMQAdapter(queue),
      ),
      // @bull-board/express 9.10.1 carries its own @bull-board/api 9.10.1, whose private fields make
      // the types differ from 9.10.2's; the adapter's interface is the same.
      serverAdapter: this.adapter as unknown as IServerAdapter,
      options: { uiConfig: { boardTitle: 'Timeline queues' } },
    });
  }
}

/**
 * Bull Board (the queue dashboard) at /admin/queues, behind the admin role: every queue of the
 * product, with its jobs, failures and retries. Not a page of our own.
 */
@Module({
  imports: [AuthModule, BullModule.registerQueue(...Object.values(QUEUES).map((name) => ({ name })))],
  providers: [AdminAuthMiddleware, QueueBoard],
})
export class AdminQueuesModule implements NestModule {
  constructor(@Inject(QueueBoard) private readonly board: QueueBoard) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(AdminAuthMiddleware, this.board.adapter.getRouter() as RequestHandler)
      .forRoutes(QUEUES_ROUTE);
  }
}
