import { type AppConfig, APP_CONFIG } from '@app/config';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';

import { redisOptions } from './redis-options';

/** Answers whether Redis is up right now, for /health; a down Redis is reported, not thrown. */
@Injectable()
export class RedisHealth implements OnApplicationShutdown {
  private readonly logger = new Logger(RedisHealth.name);
  private readonly client: Redis;
  private lastError = '';

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.client = new Redis({
      ...redisOptions(config.redis.url),
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 1_000,
    });
    this.client.on('error', (error: Error) => {
      // ioredis reconnects by itself; say so once per distinct error rather than on every retry.
      if (error.message !== this.lastError) this.logger.warn(`Redis: ${error.message}`);
      this.lastError = error.message;
    });
    this.client.on('ready', () => (this.lastError = ''));
  }

  async check(): Promise<{ status: 'up' | 'down'; error?: string }> {
    try {
      if (this.client.status === 'wait') await this.client.connect();
      await this.client.ping();
      return { status: 'up' };
    } catch (error) {
      return { status: 'down', error: error instanceof Error ? error.message : String(error) };
    }
  }

  onApplicationShutdown(): void {
    this.client.disconnect();
  }
}
