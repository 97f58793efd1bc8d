import { assertRedisReachable, CoreModule, createLogger, runMain } from '@app/runtime';
import { NestFactory } from '@nestjs/core';

import { WorkerModule } from './worker.module';

runMain(async (config, database) => {
  await assertRedisReachable(config.redis.url);
  const logger = createLogger(config, 'Worker');
  const app = await NestFactory.createApplicationContext(
    CoreModule.forRoot(config, { migrate: true, redis: true, database }, [WorkerModule]),
    { logger },
  );
  app.enableShutdownHooks();
  logger.log('Worker started');
});
