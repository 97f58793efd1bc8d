import type { AppConfig } from '@app/config';
import { redisOptions } from '@app/runtime';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerStorageService } from '@nestjs/throttler';
import type { ThrottlerStorage } from '@nestjs/throttler';
import Redis from 'ioredis';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** How long start-up waits for the counters' Redis connection before taking requests anyway. */
const CONNECT_WAIT_MS = 2_000;

/**
 * Rate-limit counters shared by every API process, in Redis (so two processes allow one limit, not
 * two). While Redis cannot be reached the counters fall back to this process's memory, said once
 * in the log with a line when Redis is back: a limit that holds per process beats refusing every
 * write, and nothing waits on a Redis that is down (no offline queue, one try per command).
 */
export class SharedThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly logger = new Logger('RateLimits');
  private readonly redis: Redis;
  private readonly shared: ThrottlerStorageRedisService;
  private readonly local = new ThrottlerStorageService();
  private degraded = false;

  /**
   * A storage whose Redis connection is up (or has had CONNECT_WAIT_MS to come up) before the API
   * listens: with no offline queue, a request that came while the client was still connecting
   * counted in this process only, so two fresh processes let twice the limit through.
   */
  static async connect(config: AppConfig): Promise<SharedThrottlerStorage> {
    const storage = new SharedThrottlerStorage(config);
    await storage.ready();
    return storage;
  }

  private constructor(config: AppConfig) {
    this.redis = new Redis({
      ...redisOptions(config.redis.url),
      keyPrefix: `${config.redis.prefix}:rate-limit:`,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      lazyConnect: false,
    });
    // Connection errors are reported through `increment` (once per outage); ioredis retries itself.
    this.redis.on('error', () => undefined);
    this.shared = new ThrottlerStorageRedisService(this.redis);
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    try {
      const record = await this.shared.increment(key, ttl, limit, blockDuration, throttlerName);
      if (this.degraded) {
        this.degraded = false;
        this.logger.log('Rate limits are shared by every API process again');
      }
      return record;
    } catch (error) {
      if (!this.degraded) {
        this.degraded = true;
        const reason = error instanceof Error ? error.message : String(error);
        // The outage itself is logged once by the runtime; this says what it means for limits.
        this.logger.warn(`Rate limits count in this process only until Redis answers again (${reason})`);
      }
      return this.local.increment(key, ttl, limit, blockDuration, throttlerName);
    }
  }

  private ready(): Promise<void> {
    if (this.redis.status === 'ready') return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.redis.off('ready', done);
        resolve();
      };
      const timer = setTimeout(done, CONNECT_WAIT_MS);
      this.redis.once('ready', done);
    });
  }

  onApplicationShutdown(): void {
    this.local.onApplicationShutdown();
    this.redis.disconnect();
  }
}
