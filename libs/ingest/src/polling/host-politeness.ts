import { type AppConfig, APP_CONFIG } from '@app/config';
import { Inject, Injectable } from '@nestjs/common';

import { IngestRedis } from './ingest-redis';

/**
 * At most one request to a host per config.ingest.hostDelayMs, across every worker process: a
 * Redis key per host, set only if absent (SET NX PX), is the right to send the next request.
 */
@Injectable()
export class HostPoliteness {
  private readonly delayMs: number;

  constructor(
    @Inject(IngestRedis) private readonly redis: IngestRedis,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.delayMs = config.ingest.hostDelayMs;
  }

  /** 0 when the caller may send its request now; otherwise how long to wait before asking again. */
  async claim(url: string): Promise<number> {
    if (this.delayMs <= 0) return 0;
    const key = `${this.redis.prefix}:host:${new URL(url).host.toLowerCase()}`;
    const claimed = await this.redis.client.set(key, '1', 'PX', this.delayMs, 'NX');
    if (claimed === 'OK') return 0;
    const left = await this.redis.client.pttl(key);
    // The key expired between the two commands (-2), or has no expiry (-1, never set so): try soon.
    return left > 0 ? left : 50;
  }
}
