import { CommandRunner, Option } from 'nest-commander';

/** How commands speak: `--json` gives one machine-readable document on stdout; otherwise prose. */
export function printResult(json: boolean | undefined, document: unknown, prose: string): void {
  process.stdout.write(json ? `${JSON.stringify(document)}\n` : `${prose}\n`);
}

/** A command that prints a result, in prose or, with `--json`, as one document (printResult). */
export abstract class ResultCommand extends CommandRunner {
  @Option({ flags: '--json', description: 'Machine-readable output' })
  parseJson(): boolean {
    return true;
  }
}

/** A failure a person can act on: one line on stderr, a non-zero exit code, no stack trace. */
export class CommandFailure extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CommandFailure';
  }
}
