import { type AppConfig, APP_CONFIG } from '@app/config';
import { redisOptions } from '@app/runtime';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Redis } from 'ioredis';

import { LogSignal } from './log-signal';

/**
 * Carries the LogSignal between processes over Redis pub/sub: this process's appends are published,
 * and what other processes publish wakes this one's dispatcher. A lost message costs only time: the
 * dispatcher still polls the head of the log. While Redis is away, nothing is published (no
 * offline queue to grow) and the outage is logged once.
 */
@Injectable()
export class LogSignalRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Alerts');
  private readonly channel: string;
  private publisher: Redis | undefined;
  private subscriber: Redis | undefined;
  private stop: (() => void) | undefined;
  private failing = false;

  constructor(
    @Inject(LogSignal) private readonly signal: LogSignal,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.channel = `${config.redis.prefix}:alerts:log-appended`;
  }

  onApplicationBootstrap(): void {
    const options = { ...redisOptions(this.config.redis.url), lazyConnect: false, maxRetriesPerRequest: 1 };
    this.publisher = new Redis({ ...options, enableOfflineQueue: false });
    this.subscriber = new Redis(options);
    // Connection errors surface where they matter: a failed publish is logged below, and ioredis
    // reconnects (and resubscribes) by itself; without a listener they would crash the process.
    for (const client of [this.publisher, this.subscriber]) client.on('error', () => undefined);
    this.subscriber.on('message', (channel: string) => {
      if (channel === this.channel) this.signal.remote();
    });
    this.subscriber.subscribe(this.channel).catch((error: unknown) => {
      this.logger.warn(
        `Cannot hear other processes' appends (${error instanceof Error ? error.message : String(error)}): ` +
          'this process sees them at its next poll of the log',
      );
    });
    this.stop = this.signal.on((source) => {
      if (source === 'local') this.publish();
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.stop?.();
    for (const client of [this.publisher, this.subscriber]) client?.disconnect();
    await Promise.resolve();
  }

  private publish(): void {
    this.publisher?.publish(this.channel, '1').then(
      () => {
        if (this.failing) this.logger.log('Redis is back: appends wake the other processes again');
        this.failing = false;
      },
      () => {
        if (!this.failing) {
          this.logger.warn(
            'Redis unavailable: other processes see new entries at their next poll of the log',
          );
        }
        this.failing = true;
      },
    );
  }
}
