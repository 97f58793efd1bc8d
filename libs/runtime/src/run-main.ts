import { type AppConfig, ConfigError, loadConfig } from '@app/config';
import { Database, DatabaseError } from '@app/database';

import { redactUrls } from './redact-url';
import { RedisUnavailableError } from './redis-unavailable.error';

/**
 * The start of every process: validate the configuration, start, and turn the failures a person can
 * fix (bad variable, no database, no Redis) into a plain message and exit code 1, not a stack trace.
 * The database is opened (and migrated) here, before Nest boots: Nest would log a failure inside
 * its module set-up with a stack trace of its own before the plain message.
 */
export function runMain(start: (config: AppConfig, database: Database) => Promise<void>): void {
  const run = async (): Promise<void> => {
    const config = loadConfig();
    return start(config, await Database.open(config.database, { migrate: true }));
  };
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
