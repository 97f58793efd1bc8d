import { type AppConfig, APP_CONFIG } from '@app/config';
import { Inject, Injectable, Logger } from '@nestjs/common';

import { IngestRedis } from './ingest-redis';

/**
 * One request at a time to a host, and config.ingest.hostDelayMs between the end of one and the
 * start of the next, across every worker process: a Redis key per host, set only if absent
 * (SET NX PX), is the right to send. It is held while the request is in flight (bounded by the
 * fetch timeout, should the process die), then kept for the delay after it. Counting from the end
 * rather than the claim keeps the gap even when a busy event loop sends a claimed request late.
 */
@Injectable()
export class HostPoliteness {
  private readonly logger = new Logger('Ingest');
  private readonly delayMs: number;
  private readonly inFlightMs: number;

  constructor(
    @Inject(IngestRedis) private readonly redis: IngestRedis,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.delayMs = config.ingest.hostDelayMs;
    this.inFlightMs = config.ingest.timeoutMs + config.ingest.hostDelayMs;
  }

  /**
   * 0 when the caller may send its request now (call `done` once it has finished); otherwise how
   * long to wait before asking again.
   */
  async claim(url: string): Promise<number> {
    if (this.delayMs <= 0) return 0;
    const key = this.key(url);
    const claimed = await this.redis.client.set(key, '1', 'PX', this.inFlightMs, 'NX');
    if (claimed === 'OK') return 0;
    const left = await this.redis.client.pttl(key);
    // The key expired between the two commands (-2), or has no expiry (-1, never set so): try soon.
    return left > 0 ? left : 50;
  }

  /**
   * The claimed request has finished: the host is free again after the delay. Never throws: should
   * Redis be away, the claim simply lasts its in-flight bound (the fetch timeout and the delay).
   */
  async done(url: string): Promise<void> {
    if (this.delayMs <= 0) return;
    await this.redis.client.set(this.key(url), '1', 'PX', this.delayMs, 'XX').catch((error: unknown) => {
      this.logger.warn(`Host ${new URL(url).host} stays claimed until its in-flight bound: ${String(error)}`);
    });
  }

  private key(url: string): string {
    return `${this.redis.prefix}:host:${new URL(url).host.toLowerCase()}`;
  }
}
