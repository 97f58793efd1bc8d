import { type AppConfig, APP_CONFIG } from '@app/config';
import { redisOptions, RedisOutage } from '@app/runtime';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';

/** The worker's own Redis connection for ingest's small keys (host politeness). */
@Injectable()
export class IngestRedis implements OnApplicationShutdown {
  readonly client: Redis;
  /** Every key ingest writes starts with this, so installations sharing a Redis stay apart. */
  readonly prefix: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig, @Inject(RedisOutage) outage: RedisOutage) {
    this.prefix = `${config.redis.prefix}:ingest`;
    this.client = new Redis({ ...redisOptions(config.redis.url), maxRetriesPerRequest: 3 });
    // ioredis reconnects by itself; the process says "Redis unavailable" once, and when it is back.
    outage.listen(this.client);
  }

  onApplicationShutdown(): void {
    this.client.disconnect();
  }
}
