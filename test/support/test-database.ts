import type { AppConfig } from '@app/config';
import { Database } from '@app/database';
import { Clock, EventStore } from '@app/event-store';
import { CoreModule } from '@app/runtime';
import type { DynamicModule, INestApplicationContext, Provider } from '@nestjs/common';
import { Test } from '@nestjs/testing';

import { ManualClock } from './manual-clock';
import { testConfig } from './test-config';
import type { DatabaseKind } from './test-env';

export interface TestContext {
  app: INestApplicationContext;
  config: AppConfig;
  env: Record<string, string>;
  database: Database;
  events: EventStore;
  clock: ManualClock;
  close(): Promise<void>;
}

/**
 * A Nest application context on a fresh, migrated database (and no Redis), with a manual clock.
 * `features` and `providers` add what the test is about.
 */
export async function createTestContext(
  kind: DatabaseKind,
  options: {
    features?: DynamicModule['imports'];
    providers?: Provider[];
    redis?: boolean;
    /** Environment variables of this test's own (e.g. a short SQLITE_BUSY_TIMEOUT). */
    env?: Record<string, string>;
  } = {},
): Promise<TestContext> {
  const { config, env } = testConfig(kind, options.env);
  const clock = new ManualClock(new Date('2026-01-01T00:00:00.000Z'));
  const moduleRef = await Test.createTestingModule({
    imports: [
      CoreModule.forRoot(config, { migrate: true, redis: options.redis ?? false }, options.features ?? []),
    ],
    providers: options.providers ?? [],
  })
    .overrideProvider(Clock)
    .useValue(clock)
    .compile();
  const app = await moduleRef.init();
  return {
    app,
    config,
    env,
    database: app.get(Database),
    events: app.get(EventStore),
    clock,
    close: () => app.close(),
  };
}
