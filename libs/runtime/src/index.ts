export * from './core.module';
export * from './logger';
export * from './queues';
export * from './redis-health';
export * from './redis-options';
export * from './redis-probe';
export * from './redis-unavailable.error';
export * from './run-main';
