import type { AppConfig } from '@app/config';
import { ConsoleLogger, type LogLevel } from '@nestjs/common';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** A logger that writes everything to stderr, so a command's stdout stays its answer alone. */
class StderrLogger extends ConsoleLogger {
  protected override printMessages(
    messages: unknown[],
    context?: string,
    logLevel?: LogLevel,
    _writeStreamType?: 'stdout' | 'stderr',
    errorStack?: unknown,
    params?: Record<string, unknown>,
  ): void {
    super.printMessages(messages, context, logLevel, 'stderr', errorStack, params);
  }
}

export function createLogger(
  config: AppConfig,
  context?: string,
  options: { stream?: 'stdout' | 'stderr' } = {},
): ConsoleLogger {
  const logLevels = LEVELS.slice(0, LEVELS.indexOf(config.log.level) + 1);
  const Logger = options.stream === 'stderr' ? StderrLogger : ConsoleLogger;
  return new Logger(context ?? 'App', { json: config.log.format === 'json', logLevels });
}
