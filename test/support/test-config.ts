import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { type AppConfig, loadConfig } from '@app/config';

import { type DatabaseKind, TEST_POSTGRES_URL, TEST_REDIS_URL, uniqueName } from './test-env';

/**
 * A configuration of its own for one test: a fresh SQLite file or PostgreSQL schema, and its own
 * Redis key prefix. `env` gives the same as environment variables, for child processes.
 */
export function testConfig(
  kind: DatabaseKind,
  overrides: Record<string, string> = {},
): {
  config: AppConfig;
  env: Record<string, string>;
} {
  const name = uniqueName();
  const folder = mkdtempSync(join(tmpdir(), 'timeline-test-'));
  const databaseUrl =
    kind === 'sqlite' ? `sqlite:${join(folder, 'timeline.sqlite')}` : `${TEST_POSTGRES_URL}?schema=${name}`;
  const env = {
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: name,
    PORT: '0',
    LOG_LEVEL: 'warn',
    SQLITE_SYNCHRONOUS: 'NORMAL',
    // No real outlets from tests: feeds are registered by the test that needs them.
    FEEDS_FILE: 'none',
    // Mail without SMTP_URL goes to an outbox of the test's own, never into the repository.
    MAIL_OUTBOX: join(folder, 'outbox'),
    // Alerts go out at once unless a test is about the undo window (it sets its own).
    UNDO_WINDOW: '0s',
    ...overrides,
  };
  return { config: loadConfig(env), env };
}
