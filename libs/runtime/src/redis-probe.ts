import { Redis } from 'ioredis';

import { redisOptions } from './redis-options';
import { RedisUnavailableError } from './redis-unavailable.error';

/** Pings Redis once, quickly, without retrying; throws RedisUnavailableError when it does not answer. */
export async function assertRedisReachable(url: string, timeoutMs = 2_000): Promise<void> {
  const client = new Redis({
    ...redisOptions(url),
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  let lastError: Error | undefined;
  client.on('error', (error: Error) => (lastError = error));
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    const reason = lastError ?? (error instanceof Error ? error : new Error(String(error)));
    throw new RedisUnavailableError(url, reason.message || reason.name);
  } finally {
    client.disconnect();
  }
}
