// A worker process of its own for the digest race test: `node dist/test/alerts/digest-race-worker.js`
// with the test's environment. Prints `ready` once it stands; then runs the daily digest once for
// every `go` line on stdin, printing each result as one JSON line; exits when stdin closes.
import { createInterface } from 'node:readline';

import { AlertsModule, DigestModule, DigestService } from '@app/alerts';
import { loadConfig } from '@app/config';
import { CoreModule } from '@app/runtime';
import { NestFactory } from '@nestjs/core';

async function main(): Promise<void> {
  const app = await NestFactory.createApplicationContext(
    CoreModule.forRoot(loadConfig(), { migrate: false, redis: true }, [AlertsModule, DigestModule]),
    { logger: ['error'] },
  );
  const digests = app.get(DigestService);
  process.stdout.write('ready\n');
  for await (const line of createInterface({ input: process.stdin })) {
    if (line.trim() !== 'go') continue;
    process.stdout.write(`${JSON.stringify(await digests.run())}\n`);
  }
  await app.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error instanceof Error ? error.stack : error)}\n`);
  process.exit(1);
});
