import { AlertsModule, AlertsQueueModule, EmailModule } from '@app/alerts';
import { ApiKeyGuard, AuthModule } from '@app/auth';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { FeedSchedulingModule } from '@app/ingest';
import { ReviewModule } from '@app/review';
import { SeedModule } from '@app/seed';
import { TimelineModule } from '@app/timeline';
import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';

import { AdminController } from './admin/admin.controller';
import { AdminQueuesModule } from './admin/admin-queues.module';
import { OutboxController } from './admin/outbox.controller';
import { EventsController } from './events/events.controller';
import { HealthController } from './health/health.controller';
import { FeedsController } from './feeds/feeds.controller';
import { DomainErrorFilter } from './http/domain-error.filter';
import { NoBodyInterceptor } from './http/no-body.interceptor';
import { KeysController } from './keys/keys.controller';
import { MetricsController } from './metrics/metrics.controller';
import { ReviewController } from './review/review.controller';
import { ReviewEventsController } from './review/review-events.controller';
import { ReviewEventsService } from './review/review-events.service';
import { RateLimitGuard } from './session/rate-limit.guard';
import { RATE_LIMITS } from './session/rate-limits';
import { SessionController } from './session/session.controller';
import { SharedThrottlerStorage } from './session/shared-throttler-storage';
import { PublicSubscriptionsController } from './subscriptions/public-subscriptions.controller';
import { SubscriptionsController } from './subscriptions/subscriptions.controller';
import { FeedController } from './timeline/feed.controller';
import { TimelineController } from './timeline/timeline.controller';
import { WebModule } from './web/web.module';

/** The HTTP API's features. Stands on CoreModule (with Redis), which the entrypoint provides. */
@Module({
  imports: [
    AuthModule,
    TimelineModule,
    SeedModule,
    WebModule,
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig) => ({
        ...RATE_LIMITS,
        storage: await SharedThrottlerStorage.connect(config),
      }),
    }),
    ReviewModule,
    FeedSchedulingModule,
    AlertsModule,
    AlertsQueueModule,
    EmailModule,
    AdminQueuesModule,
  ],
  controllers: [
    HealthController,
    MetricsController,
    EventsController,
    KeysController,
    TimelineController,
    FeedController,
    SessionController,
    ReviewController,
    ReviewEventsController,
    FeedsController,
    SubscriptionsController,
    PublicSubscriptionsController,
    AdminController,
    OutboxController,
  ],
  providers: [
    ReviewEventsService,
    { provide: APP_FILTER, useClass: DomainErrorFilter },
    // Every route passes through it; only those marked @Roles or @PublicRead ask for a key.
    { provide: APP_GUARD, useClass: ApiKeyGuard },
    // After ApiKeyGuard (guards run in this order), so writes are counted per key.
    { provide: APP_GUARD, useClass: RateLimitGuard },
    // After the guards: a request without the right key is told so (401/403) before its body is read.
    { provide: APP_INTERCEPTOR, useClass: NoBodyInterceptor },
  ],
})
export class ApiModule {}
