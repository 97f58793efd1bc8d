import { type DynamicModule, Global, Module } from '@nestjs/common';

import type { AppConfig } from './app-config';
import { APP_CONFIG } from './config.tokens';

/**
 * Provides the AppConfig under APP_CONFIG. Entrypoints validate it with `loadConfig` before Nest
 * starts, so a bad variable is reported plainly; tests pass a config of their own.
 */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}
