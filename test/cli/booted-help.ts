// Test helper: boots the real command line once (nest-commander over the whole application, as
// cli-boot does) and asks it for each help request given as JSON in argv[2], printing what it wrote
// and its exit code, as JSON. Exits go through commander's exitOverride instead of process.exit.
import { loadConfig } from '@app/config';
import { CommanderError, type Command } from 'commander';
import { CommandFactory, CommandRunnerService } from 'nest-commander';

import { cliFactoryOptions, cliRootModule } from '../../apps/cli/src/cli-boot';

interface Answer {
  code: number | null;
  stdout: string;
  stderr: string;
}

function everyCommand(command: Command): Command[] {
  return [command, ...command.commands.flatMap(everyCommand)];
}

async function main(): Promise<void> {
  const [, , requests, databaseUrl] = process.argv;
  const config = loadConfig({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', FEEDS_FILE: 'none' });
  const app = await CommandFactory.createWithoutRunning(cliRootModule(config), cliFactoryOptions(config));
  const program = // nest-commander keeps its program private; it is the one the run parses.
    app.get<CommandRunnerService, { commander: Command }>(CommandRunnerService).commander;
  let answer: Answer = { code: null, stdout: '', stderr: '' };
  for (const command of everyCommand(program)) {
    command.exitOverride();
    command.configureOutput({
      writeOut: (text) => (answer.stdout += text),
      writeErr: (text) => (answer.stderr += text),
    });
  }
  const answers: Answer[] = [];
  for (const args of JSON.parse(requests!) as string[][]) {
    answer = { code: null, stdout: '', stderr: '' };
    try {
      await program.parseAsync([process.execPath, '/cli/main.js', ...args]);
      answer.code = 0;
    } catch (error) {
      answer.code = error instanceof CommanderError ? error.exitCode : -1;
    }
    answers.push(answer);
  }
  await app.close();
  process.stdout.write(JSON.stringify(answers));
}

main().catch((error: unknown) => {
  process.stderr.write(String(error instanceof Error ? error.stack : error));
  process.exit(1);
});
