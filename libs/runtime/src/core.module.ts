import { type AppConfig, ConfigModule } from '@app/config';
import { type Database, DatabaseModule } from '@app/database';
import { EventStoreModule } from '@app/event-store';
import { BullModule } from '@nestjs/bullmq';
import { type DynamicModule, Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';

import { RedisHealth } from './redis-health';
import { RedisOutage } from './redis-outage';

export interface CoreOptions {
  /** Run pending migrations when the database opens (servers do; most CLI commands do too). */
  migrate: boolean;
  /** Connect to Redis for queues and health (the CLI mostly does not need it). */
  redis: boolean;
  /** The Database runMain opened before Nest booted; opened by the module when absent (tests). */
  database?: Database;
}

/**
 * What every process of the product stands on: configuration, database, event log and, when asked,
 * Redis and BullMQ. Apps import it once with their features: CoreModule.forRoot(config, options, [ApiModule]).
 */
@Global()
@Module({})
export class CoreModule {
  static forRoot(
    config: AppConfig,
    options: CoreOptions,
    features: DynamicModule['imports'] = [],
  ): DynamicModule {
    const redis = options.redis
      ? [
          BullModule.forRoot({
            connection: { url: config.redis.url, maxRetriesPerRequest: null },
            prefix: config.redis.prefix,
          }),
          DiscoveryModule,
        ]
      : [];
    return {
      module: CoreModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot({ migrate: options.migrate, opened: options.database }),
        EventStoreModule,
        ...redis,
        ...features,
      ],
      providers: options.redis ? [RedisHealth, RedisOutage] : [],
      exports: options.redis ? [RedisHealth, RedisOutage] : [],
    };
  }
}
