import { assertRedisReachable, CoreModule, createLogger, runMain } from '@app/runtime';
import { SeedImporter } from '@app/seed';
import { NestFactory } from '@nestjs/core';

import { ApiModule } from '../../api/src/api.module';
import { configureHttp } from '../../api/src/http/configure-http';
import { WorkerModule } from '../../worker/src/worker.module';

/** `npm start`: the API and the worker in one process, on the embedded defaults. */
runMain(async (config, database) => {
  await assertRedisReachable(config.redis.url);
  const logger = createLogger(config, 'Timeline');
  const app = await NestFactory.create(
    CoreModule.forRoot(config, { migrate: true, redis: true, database }, [ApiModule, WorkerModule]),
    { logger, forceCloseConnections: true },
  );
  configureHttp(app, config);
  // A fresh install starts with the curated timeline rather than an empty page.
  await app.get(SeedImporter).seedIfEmpty();
  await app.listen(config.http.port, config.http.host);
  logger.log(`Timeline (API and worker) listening on ${config.http.publicBaseUrl}`);
});
