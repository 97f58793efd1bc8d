import { randomUUID } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';
import { Mutex } from 'async-mutex';

import { IngestRedis } from './ingest-redis';

const TTL_MS = 60_000;
const WAIT_MS = 120_000;
const RETRY_MS = 25;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * One writer of candidates at a time, across workers: dedupe reads what candidates exist and then
 * appends, and two workers doing that at once could both propose the same story from two outlets.
 * A Redis lock (SET NX PX with a token, released only by its holder) spans processes; a mutex keeps
 * this process's own jobs in line without polling Redis. Held only for dedupe and one append.
 */
@Injectable()
export class CandidateLock {
  private readonly local = new Mutex();
  private readonly key: string;

  constructor(@Inject(IngestRedis) private readonly redis: IngestRedis) {
    this.key = `${redis.prefix}:candidate-lock`;
  }

  run<T>(work: () => Promise<T>): Promise<T> {
    return this.local.runExclusive(async () => {
      const token = randomUUID();
      const deadline = Date.now() + WAIT_MS;
      while ((await this.redis.client.set(this.key, token, 'PX', TTL_MS, 'NX')) !== 'OK') {
        if (Date.now() > deadline) throw new Error(`The candidate lock was not free within ${WAIT_MS} ms`);
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
      try {
        return await work();
      } finally {
        await this.redis.client.eval(RELEASE, 1, this.key, token);
      }
    });
  }
}
