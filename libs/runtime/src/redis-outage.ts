import { WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { Queue, QueueEvents, Worker } from 'bullmq';

import { RedisHealth } from './redis-health';

const PROBE_MS = 2_000;
const CONNECTION_ERROR =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|EPIPE|Connection is closed|connect/i;

type Emitter = { on(event: 'error', listener: (error: Error) => void): unknown };

/**
 * One line when Redis goes away ("Redis unavailable") and one when it is back, for the whole
 * process. Without an `error` listener BullMQ prints every reconnection failure of every queue and
 * worker as a stack trace (hundreds a minute); this listens on all of them. Other errors are logged
 * once each, as one line. `available` tells API code not to wait on a Redis that is away.
 */
@Injectable()
export class RedisOutage implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Redis');
  private downSince: number | null = null;
  private probe: NodeJS.Timeout | undefined;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly health: RedisHealth,
  ) {}

  get available(): boolean {
    return this.downSince === null;
  }

  onApplicationBootstrap(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      if (instance instanceof Queue || instance instanceof QueueEvents) this.listen(instance);
      // A processor holds its BullMQ worker (created before the application bootstraps).
      else if (instance instanceof WorkerHost) this.listen(instance.worker as Worker);
    }
  }

  onApplicationShutdown(): void {
    clearInterval(this.probe);
  }

  /** Follows one more client's errors (a queue, a worker, an ioredis client). */
  listen(emitter: Emitter): void {
    emitter.on('error', (error: Error) => this.failed(error));
  }

  /** A command failed: an outage starts when it is a connection error and none was known. */
  failed(error: Error): void {
    if (!CONNECTION_ERROR.test(error.message)) {
      this.logger.error(`Queue error: ${error.message}`);
      return;
    }
    if (this.downSince !== null) return;
    this.downSince = Date.now();
    this.logger.warn(
      `Redis unavailable (${error.message}): queued work waits and is retried; API writes that need Redis answer at once`,
    );
    this.probe = setInterval(() => void this.check(), PROBE_MS);
    this.probe.unref();
  }

  private async check(): Promise<void> {
    if ((await this.health.check()).status !== 'up' || this.downSince === null) return;
    const seconds = Math.round((Date.now() - this.downSince) / 1000);
    this.downSince = null;
    clearInterval(this.probe);
    this.logger.log(`Redis available again after ${seconds} s`);
  }
}
