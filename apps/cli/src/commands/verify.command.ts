import { readFileSync, writeFileSync } from 'node:fs';

import { type LogHead, LogVerifier } from '@app/event-store';
import { Inject } from '@nestjs/common';
import { Command, Option } from 'nest-commander';
import { z } from 'zod';

import { CommandFailure, printResult, ResultCommand } from './output';

interface VerifyOptions {
  json?: boolean;
  writeHead?: string;
  checkHead?: string;
}

const HeadFile = z.object({
  position: z.number().int().min(0),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  recordedAt: z.string().nullable(),
});

@Command({
  name: 'verify',
  description:
    'Walk the hash chain of the event log. Exit 0 when it holds; 1 with the first bad position when it does not',
})
export class VerifyCommand extends ResultCommand {
  constructor(@Inject(LogVerifier) private readonly verifier: LogVerifier) {
    super();
  }

  async run(_args: string[], options: VerifyOptions): Promise<void> {
    const expectedHead = options.checkHead ? readHead(options.checkHead) : undefined;
    const started = performance.now();
    const report = await this.verifier.verify({ expectedHead });
    const milliseconds = Math.round(performance.now() - started);
    if (!report.ok) {
      printResult(
        options.json,
        { ...report, milliseconds },
        `BROKEN at position ${report.problem!.position}: ${report.problem!.reason}\n` +
          `(${report.eventsChecked} event(s) before it are intact)`,
      );
      process.exitCode = 1;
      return;
    }
    if (options.writeHead) {
      writeFileSync(
        options.writeHead,
        `${JSON.stringify({ ...report.head, writtenAt: new Date().toISOString() }, null, 2)}\n`,
      );
    }
    const against = expectedHead
      ? `, and it contains the recorded head at position ${expectedHead.position}`
      : '';
    printResult(
      options.json,
      { ...report, milliseconds },
      `OK: ${report.eventsChecked} event(s), chain intact up to position ${report.head.position} ` +
        `(hash ${report.head.hash.slice(0, 16)}…)${against}. ${milliseconds} ms.` +
        (options.writeHead ? `\nHead written to ${options.writeHead}.` : ''),
    );
  }

  @Option({
    flags: '--write-head <file>',
    description: 'When the chain holds, record its head (position and hash) here',
  })
  parseWriteHead(file: string): string {
    return file;
  }

  @Option({
    flags: '--check-head <file>',
    description: 'Also check the log still contains a head recorded earlier (catches a rewritten chain)',
  })
  parseCheckHead(file: string): string {
    return file;
  }
}

function readHead(file: string): LogHead {
  let content: unknown;
  try {
    content = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new CommandFailure(`Cannot read the head file ${file}: ${(error as Error).message}`, 2);
  }
  const parsed = HeadFile.safeParse(content);
  if (!parsed.success) throw new CommandFailure(`${file} is not a head written by verify --write-head`, 2);
  return parsed.data;
}
