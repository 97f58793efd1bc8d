import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { APP_CONFIG, type AppConfig } from '@app/config';
import { Database } from '@app/database';
import { LogVerifier, type VerifyReport } from '@app/event-store';
import { Inject } from '@nestjs/common';
import BetterSqlite3 from 'better-sqlite3';
import { Command, Option } from 'nest-commander';

import { CommandFailure, printResult, ResultCommand } from './output';

interface Options {
  json?: boolean;
  force?: boolean;
}

const PG_GUIDANCE =
  'On PostgreSQL use pg_dump for an online copy (pg_dump -Fc --schema=<schema> <url> > timeline.dump) ' +
  'and pg_restore to bring it back; then run `verify`.';

@Command({
  name: 'backup',
  arguments: '<file>',
  description: 'Write a consistent copy of the SQLite database while the service runs, and verify its chain',
})
export class BackupCommand extends ResultCommand {
  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  async run([file]: string[], options: Options): Promise<void> {
    if (this.config.database.kind !== 'sqlite') throw new CommandFailure(PG_GUIDANCE);
    if (existsSync(file!)) throw new CommandFailure(`${file} exists already: name a new file`);
    await this.database.backupTo(file!);
    const report = await withStagedCopy(file!, verifyFile);
    if (!report.ok) throw new CommandFailure(`The copy at ${file} does not verify: ${describe(report)}`);
    printResult(
      options.json,
      { file, events: report.eventsChecked, head: report.head },
      `Backed up ${report.eventsChecked} event(s) to ${file}; its chain holds up to position ${report.head.position}.`,
    );
  }
}

@Command({
  name: 'restore',
  arguments: '<file>',
  description:
    'Replace the SQLite database with a backup, after checking the backup’s chain (stop the service first)',
})
export class RestoreCommand extends ResultCommand {
  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  async run([file]: string[], options: Options): Promise<void> {
    const target = this.config.database;
    if (target.kind !== 'sqlite') throw new CommandFailure(PG_GUIDANCE);
    if (!existsSync(file!)) throw new CommandFailure(`No backup at ${file}`);
    const [row] = await this.database.query<{ events: number }>('SELECT COUNT(*) AS events FROM events');
    const events = Number(row?.events ?? 0);
    if (events > 0 && !options.force) {
      throw new CommandFailure(
        `The database at ${target.path} holds ${events} event(s): stop the service, then restore with --force to replace them`,
      );
    }
    // The backup is checked as a copy, so a refused one is left exactly as it was.
    await withStagedCopy(file!, async (copy) => {
      const report = await verifyFile(copy);
      if (!report.ok) {
        throw new CommandFailure(`Refused: the backup's chain does not verify (${describe(report)})`);
      }
      const source = new BetterSqlite3(copy, { readonly: true, fileMustExist: true });
      try {
        await source.backup(target.path);
      } finally {
        source.close();
      }
      printResult(
        options.json,
        { restored: file, events: report.eventsChecked, head: report.head },
        `Restored ${report.eventsChecked} event(s) from ${file} into ${target.path}; the chain holds up to ` +
          `position ${report.head.position}. Start the service: it migrates and catches its read models up.`,
      );
    });
  }

  @Option({ flags: '--force', description: 'Replace a database that holds events' })
  parseForce(): boolean {
    return true;
  }
}

/**
 * Runs `work` on a copy of a backup file in a temporary folder: opening a SQLite file can change it
 * (journal mode, a WAL beside it), and a backup is kept exactly as it was written.
 */
async function withStagedCopy<T>(file: string, work: (copy: string) => Promise<T>): Promise<T> {
  const staging = mkdtempSync(join(tmpdir(), 'timeline-backup-'));
  try {
    const copy = join(staging, 'copy.sqlite');
    copyFileSync(file, copy);
    return await work(copy);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Walks the chain of a database file on its own connection (no migrations, nothing appended). */
async function verifyFile(path: string): Promise<VerifyReport> {
  const copy = await Database.open(
    { kind: 'sqlite', path, synchronous: 'FULL', busyTimeoutMs: 5_000 },
    { migrate: false },
  );
  try {
    return await new LogVerifier(copy).verify();
  } finally {
    await copy.close();
  }
}

function describe(report: VerifyReport): string {
  return report.problem ? `position ${report.problem.position}: ${report.problem.reason}` : 'unknown problem';
}
