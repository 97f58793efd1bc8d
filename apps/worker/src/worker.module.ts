import { Module } from '@nestjs/common';

/**
 * The queue processors (feed polling, alert dispatch and delivery, sweepers). No HTTP server.
 * Stands on CoreModule with Redis, which the entrypoint provides.
 */
@Module({})
export class WorkerModule {}
