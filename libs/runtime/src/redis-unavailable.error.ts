import { redactRedisUrl } from './redis-options';

/** Redis could not be reached at start. The message tells a person what to do about it. */
export class RedisUnavailableError extends Error {
  readonly code = 'REDIS_UNAVAILABLE';

  constructor(url: string, reason: string) {
    super(
      [
        `Redis is not reachable at ${redactRedisUrl(url)} (${reason}).`,
        'The worker keeps its queues (feed polling, alert delivery) in Redis, so it cannot start without one.',
        'Start Redis locally with:',
        `  redis-server --daemonize yes --save '' --appendonly no`,
        '(on Debian or Ubuntu, install it first: apt-get install -y redis-server),',
        'or set REDIS_URL to a Redis you can reach.',
      ].join('\n'),
    );
    this.name = 'RedisUnavailableError';
  }
}
