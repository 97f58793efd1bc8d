import { ApiKeyGuard, AuthModule } from '@app/auth';
import { SeedModule } from '@app/seed';
import { TimelineModule } from '@app/timeline';
import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';

import { EventsController } from './events/events.controller';
import { HealthController } from './health/health.controller';
import { DomainErrorFilter } from './http/domain-error.filter';
import { KeysController } from './keys/keys.controller';
import { FeedController } from './timeline/feed.controller';
import { TimelineController } from './timeline/timeline.controller';
import { WebModule } from './web/web.module';

/** The HTTP API's features. Stands on CoreModule (with Redis), which the entrypoint provides. */
@Module({
  imports: [AuthModule, TimelineModule, SeedModule, WebModule],
  controllers: [HealthController, EventsController, KeysController, TimelineController, FeedController],
  providers: [
    { provide: APP_FILTER, useClass: DomainErrorFilter },
    // Every route passes through it; only those marked @Roles or @PublicRead ask for a key.
    { provide: APP_GUARD, useClass: ApiKeyGuard },
  ],
})
export class ApiModule {}
