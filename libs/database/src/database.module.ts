import { type AppConfig, APP_CONFIG } from '@app/config';
import { type DynamicModule, Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';

import { Database } from './database';

/** Opens the Database once per process (migrating it first when asked) and closes it on shutdown. */
@Global()
@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(Database) private readonly database: Database) {}

  /** `opened`: a Database the process opened before Nest booted (see runMain); else opened here. */
  static forRoot(options: { migrate: boolean; opened?: Database }): DynamicModule {
    const { opened, migrate } = options;
    return {
      module: DatabaseModule,
      providers: [
        opened
          ? { provide: Database, useValue: opened }
          : {
              provide: Database,
              inject: [APP_CONFIG],
              useFactory: (config: AppConfig) => Database.open(config.database, { migrate }),
            },
      ],
      exports: [Database],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.database.close();
  }
}
