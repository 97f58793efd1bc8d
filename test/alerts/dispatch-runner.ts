// A dispatcher in a process of its own, for the test of two dispatching at once:
// `node dist/test/alerts/dispatch-runner.js <position>` dispatches as fast as it can until the
// dispatcher's checkpoint reaches <position>, then prints what this process dispatched as JSON.
import { AlertDispatcher, AlertsQueueModule } from '@app/alerts';
import { loadConfig } from '@app/config';
import { CoreModule } from '@app/runtime';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

@Module({ imports: [AlertsQueueModule], providers: [AlertDispatcher], exports: [AlertDispatcher] })
class DispatcherOnlyModule {}

async function main(): Promise<void> {
  const until = Number(process.argv[2]);
  const app = await NestFactory.createApplicationContext(
    CoreModule.forRoot(loadConfig(), { migrate: false, redis: true }, [DispatcherOnlyModule]),
    { logger: ['error'] },
  );
  const dispatcher = app.get(AlertDispatcher);
  process.stderr.write('dispatcher ready\n');
  const mine = { events: 0, deliveries: 0, batches: 0 };
  while ((await dispatcher.lag()).checkpoint < until) {
    const result = await dispatcher.dispatchOnce();
    mine.events += result.events;
    mine.deliveries += result.deliveries;
    if (result.events > 0) mine.batches += 1;
  }
  await app.close();
  process.stdout.write(`${JSON.stringify(mine)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error instanceof Error ? error.stack : error)}\n`);
  process.exit(1);
});
