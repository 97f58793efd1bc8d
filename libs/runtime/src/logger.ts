import type { AppConfig } from '@app/config';
import { ConsoleLogger, type LogLevel } from '@nestjs/common';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

export function createLogger(config: AppConfig, context?: string): ConsoleLogger {
  const logLevels = LEVELS.slice(0, LEVELS.indexOf(config.log.level) + 1);
  return new ConsoleLogger(context ?? 'App', { json: config.log.format === 'json', logLevels });
}
