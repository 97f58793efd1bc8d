import { type AppConfig } from '@app/config';
import { type Database, DatabaseError } from '@app/database';
import { DomainError } from '@app/event-store';
import { CoreModule, createLogger, runMain } from '@app/runtime';
import type { ConsoleLogger, DynamicModule } from '@nestjs/common';
import { CommandFactory, type CommanderOptionsType } from 'nest-commander';

import { CliModule } from './cli.module';
import { CommandFailure } from './commands/output';

/** The command line's whole application: configuration, database (migrated), every command. */
export function cliRootModule(config: AppConfig, database?: Database): DynamicModule {
  return CoreModule.forRoot(config, { migrate: true, redis: false, database }, [CliModule]);
}

/** How nest-commander builds the program; shared by the run and by the help snapshot's writer. */
export function cliFactoryOptions(config: AppConfig): CommanderOptionsType & { logger: ConsoleLogger } {
  // Warnings go to stderr: stdout carries the command's answer (--json is parsed by machines).
  const logger = createLogger({ ...config, log: { ...config.log, level: 'warn' } }, 'Cli', {
    stream: 'stderr',
  });
  return {
    logger,
    cliName: 'npm run cli --',
    usePlugins: false,
    errorHandler: (error) => {
      // Commander's own exits (--help, unknown command) carry their exit code.
      const exitCode = (error as { exitCode?: number }).exitCode;
      if (exitCode !== undefined) process.exit(exitCode);
      throw error;
    },
    serviceErrorHandler: (error) => {
      process.stderr.write(`${failureText(error)}\n`);
      process.exitCode = error instanceof CommandFailure ? error.exitCode : 1;
    },
  };
}

/**
 * What a failed command prints: one line for what a person can act on (a refused command, a bad
 * argument, a database that cannot be reached); anything else is a bug, so its stack too.
 */
function failureText(error: Error): string {
  const plain =
    error instanceof CommandFailure || error instanceof DomainError || error instanceof DatabaseError;
  return plain ? error.message : `Failed: ${error.stack ?? error.message}`;
}

/** Boots the application and runs the command named by process.argv. */
export function bootCli(): void {
  runMain(async (config, database) => {
    await CommandFactory.run(cliRootModule(config, database), cliFactoryOptions(config));
  });
}

// Run directly, it boots whatever the arguments (the help snapshot's test compares against this).
if (require.main === module) bootCli();
