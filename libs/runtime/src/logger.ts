import type { AppConfig } from '@app/config';
import { ConsoleLogger, type LogLevel } from '@nestjs/common';

import { redactUrls, redactUrlsIn } from './redact-url';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/**
 * Nest's console logger with secrets in URLs redacted from every line it writes (messages, their
 * parameters, errors and stack traces: see `redactUrls`), so no call site has to remember to.
 */
class RedactingLogger extends ConsoleLogger {
  protected override printMessages(
    messages: unknown[],
    context?: string,
    logLevel?: LogLevel,
    writeStreamType?: 'stdout' | 'stderr',
    errorStack?: unknown,
    params?: Record<string, unknown>,
  ): void {
    super.printMessages(
      messages.map((message) => redactUrlsIn(this.resolveMessage(message))),
      context,
      logLevel,
      writeStreamType,
      typeof errorStack === 'string' ? redactUrls(errorStack) : errorStack,
      params && (redactUrlsIn(params) as Record<string, unknown>),
    );
  }

  protected override printStackTrace(stack: string): void {
    super.printStackTrace(typeof stack === 'string' ? redactUrls(stack) : stack);
  }
}

/** A logger that writes everything to stderr, so a command's stdout stays its answer alone. */
class StderrLogger extends RedactingLogger {
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
  const Logger = options.stream === 'stderr' ? StderrLogger : RedactingLogger;
  return new Logger(context ?? 'App', { json: config.log.format === 'json', logLevels });
}
