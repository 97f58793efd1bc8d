import { AlertsWorkerModule, DigestModule, EmailWorkerModule } from '@app/alerts';
import { IngestWorkerModule } from '@app/ingest';
import { Module } from '@nestjs/common';

/**
 * The queue processors (feed polling, alert dispatch and delivery, sweepers). No HTTP server.
 * Stands on CoreModule with Redis, which the entrypoint provides.
 */
@Module({ imports: [AlertsWorkerModule, IngestWorkerModule, DigestModule, EmailWorkerModule] })
export class WorkerModule {}
