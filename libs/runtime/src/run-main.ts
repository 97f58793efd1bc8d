import { type AppConfig, ConfigError, loadConfig } from '@app/config';
import { DatabaseError } from '@app/database';

import { redactUrls } from './redact-url';
import { RedisUnavailableError } from './redis-unavailable.error';

/**
 * The start of every process: validate the configuration, start, and turn the failures a person can
 * fix (bad variable, no database, no Redis) into a plain message and exit code 1, not a stack trace.
 */
export function runMain(start: (config: AppConfig) => Promise<void>): void {
  const run = async (): Promise<void> => start(loadConfig());
  run().catch((error: unknown) => {
    if (
      error instanceof ConfigError ||
      error instanceof RedisUnavailableError ||
      error instanceof DatabaseError
    ) {
      process.stderr.write(`${redactUrls(error.message)}\n`);
    } else {
      process.stderr.write(
        redactUrls(
          `Failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
        ),
      );
    }
    process.exit(1);
  });
}
