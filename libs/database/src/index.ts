export * from './database';
export * from './database.error';
export * from './database.module';
export * from './sql';
