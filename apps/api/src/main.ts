import { assertRedisReachable, CoreModule, createLogger, runMain } from '@app/runtime';
import { SeedImporter } from '@app/seed';
import { NestFactory } from '@nestjs/core';

import { ApiModule } from './api.module';
import { configureHttp } from './http/configure-http';

runMain(async (config, database) => {
  await assertRedisReachable(config.redis.url);
  const logger = createLogger(config, 'Api');
  const app = await NestFactory.create(
    CoreModule.forRoot(config, { migrate: true, redis: true, database }, [ApiModule]),
    {
      logger,
      forceCloseConnections: true,
    },
  );
  configureHttp(app, config);
  // A fresh install starts with the curated timeline rather than an empty page.
  await app.get(SeedImporter).seedIfEmpty();
  await app.listen(config.http.port, config.http.host);
  logger.log(`API listening on ${config.http.publicBaseUrl}`);
});
