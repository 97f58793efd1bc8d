// A second process appending to the same log: `node dist/test/support/append-worker.js <name> <count>`.
// Appends `count` events, one per append, to a stream of its own and to one shared stream (the
// shared ones with optimistic retries), then prints a JSON summary. Used by the multi-process test.
import { loadConfig } from '@app/config';
import { EventStore, EventStoreError } from '@app/event-store';
import { CoreModule } from '@app/runtime';
import { NestFactory } from '@nestjs/core';

async function main(): Promise<void> {
  const [name = 'worker', countArg = '100'] = process.argv.slice(2);
  const count = Number(countArg);
  const app = await NestFactory.createApplicationContext(
    CoreModule.forRoot(loadConfig(), { migrate: false, redis: false }),
    { logger: ['error'] },
  );
  const events = app.get(EventStore);
  let conflicts = 0;
  for (let i = 0; i < count; i += 1) {
    await events.append(`own-${name}`, i, [{ eventId: `${name}-own-${i}`, type: 'Counted', data: { i } }]);
    for (;;) {
      const version = await events.streamVersion('shared-1');
      try {
        await events.append('shared-1', version, [
          { eventId: `${name}-shared-${i}`, type: 'Counted', data: { i } },
        ]);
        break;
      } catch (error) {
        if (!(error instanceof EventStoreError) || error.code !== 'STREAM_VERSION_CONFLICT') throw error;
        conflicts += 1;
      }
    }
  }
  await app.close();
  process.stdout.write(`${JSON.stringify({ name, appended: count * 2, conflicts })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error instanceof Error ? error.stack : error)}\n`);
  process.exit(1);
});
