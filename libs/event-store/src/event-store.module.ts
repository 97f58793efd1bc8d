import { Global, Inject, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';

import { Checkpoints } from './checkpoints';
import { Clock, SystemClock } from './clock';
import { CommandHandler } from './command-handler';
import { EventStore } from './event-store';
import { IdGenerator, UuidV7Generator } from './id-generator';
import { LogVerifier } from './log-verifier';
import { Projector } from './projector';
import { StreamCatalogueProjection } from './stream-catalogue.projection';
import { UpcasterRegistry } from './upcaster-registry';

/** The event log and its projections. Needs DatabaseModule and ConfigModule in the application. */
@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [
    Checkpoints,
    EventStore,
    CommandHandler,
    LogVerifier,
    Projector,
    UpcasterRegistry,
    StreamCatalogueProjection,
    { provide: Clock, useClass: SystemClock },
    { provide: IdGenerator, useClass: UuidV7Generator },
  ],
  exports: [
    Checkpoints,
    EventStore,
    CommandHandler,
    LogVerifier,
    Projector,
    UpcasterRegistry,
    Clock,
    IdGenerator,
  ],
})
export class EventStoreModule implements OnApplicationBootstrap {
  constructor(@Inject(Projector) private readonly projector: Projector) {}

  /** A projection added since the last run starts from its checkpoint, before any request is served. */
  async onApplicationBootstrap(): Promise<void> {
    await this.projector.catchUp();
  }
}
