import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';

import { EventsController } from './events/events.controller';
import { HealthController } from './health/health.controller';
import { DomainErrorFilter } from './http/domain-error.filter';

/** The HTTP API's features. Stands on CoreModule (with Redis), which the entrypoint provides. */
@Module({
  controllers: [HealthController, EventsController],
  providers: [{ provide: APP_FILTER, useClass: DomainErrorFilter }],
})
export class ApiModule {}
