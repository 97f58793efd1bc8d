import { assertRedisReachable, CoreModule, createLogger, runMain } from '@app/runtime';
import { NestFactory } from '@nestjs/core';

import { WorkerModule } from './worker.module';

runMain(async (config) => {
  await assertRedisReachable(config.redis.url);
  const logger = createLogger(config, 'Worker');
  const app = await NestFactory.createApplicationContext(
    CoreModule.forRoot(config, { migrate: true, redis: true }, [WorkerModule]),
    { logger },
  );
  app.enableShutdownHooks();
  logger.log('Worker started');
});
