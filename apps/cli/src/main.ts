import { CoreModule, createLogger, runMain } from '@app/runtime';
import { CommandFactory } from 'nest-commander';

import { CliModule } from './cli.module';
import { CommandFailure } from './commands/output';

runMain(async (config) => {
  // Warnings go to stderr: stdout carries the command's answer (--json is parsed by machines).
  const logger = createLogger({ ...config, log: { ...config.log, level: 'warn' } }, 'Cli', {
    stream: 'stderr',
  });
  await CommandFactory.run(CoreModule.forRoot(config, { migrate: true, redis: false }, [CliModule]), {
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
      process.stderr.write(`${error.message}\n`);
      process.exitCode = error instanceof CommandFailure ? error.exitCode : 1;
    },
  });
});
