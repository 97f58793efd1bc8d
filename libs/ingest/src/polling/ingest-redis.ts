import { type AppConfig, APP_CONFIG } from '@app/config';
import { redisOptions } from '@app/runtime';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';

/** The worker's own Redis connection for ingest's small keys (host politeness). */
@Injectable()
export class IngestRedis implements OnApplicationShutdown {
  private readonly logger = new Logger(IngestRedis.name);
  readonly client: Redis;
  /** Every key ingest writes starts with this, so installations sharing a Redis stay apart. */
  readonly prefix: string;
  private lastError = '';

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.prefix = `${config.redis.prefix}:ingest`;
    this.client = new Redis({ ...redisOptions(config.redis.url), maxRetriesPerRequest: 3 });
    this.client.on('error', (error: Error) => {
      // ioredis reconnects by itself; say so once per distinct error rather than on every retry.
      if (error.message !== this.lastError) this.logger.warn(`Redis: ${error.message}`);
      this.lastError = error.message;
    });
    this.client.on('ready', () => (this.lastError = ''));
  }

  onApplicationShutdown(): void {
    this.client.disconnect();
  }
}
