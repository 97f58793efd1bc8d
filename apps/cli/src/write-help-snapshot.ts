// Run by scripts/build.mjs when the help snapshot is missing or stale: builds the real program the
// way every command does (nest-commander over the whole application, on a throwaway SQLite file),
// and writes it as data beside the compiled CLI, with the files it was loaded from.
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';

import { loadConfig } from '@app/config';
import type { Command } from 'commander';
import { CommandFactory, CommandRunnerService } from 'nest-commander';

import { cliFactoryOptions, cliRootModule } from './cli-boot';
import {
  commanderVersion,
  describeProgram,
  fileStamp,
  HELP_SNAPSHOT_FILE,
  type HelpSnapshot,
} from './help-snapshot';

async function writeHelpSnapshot(): Promise<void> {
  const distRoot = join(__dirname, '..', '..', '..');
  const target = join(__dirname, '..', HELP_SNAPSHOT_FILE);
  const folder = mkdtempSync(join(tmpdir(), 'cli-help-'));
  try {
    const config = loadConfig({
      DATABASE_URL: `sqlite:${join(folder, 'timeline.sqlite')}`,
      LOG_LEVEL: 'warn',
      FEEDS_FILE: 'none',
    });
    const app = await CommandFactory.createWithoutRunning(cliRootModule(config), cliFactoryOptions(config));
    const program = // nest-commander keeps its program private; it is the one the run parses.
      app.get<CommandRunnerService, { commander: Command }>(CommandRunnerService).commander;
    const sources: Record<string, string> = {};
    for (const file of Object.keys(require.cache).sort()) {
      if (!file.startsWith(distRoot + sep)) continue;
      const stamp = fileStamp(file);
      if (stamp) sources[relative(distRoot, file)] = stamp;
    }
    const snapshot: HelpSnapshot = {
      version: 1,
      commander: commanderVersion(),
      program: describeProgram(program),
      sources,
    };
    await app.close();
    // Written aside and renamed, so a command started meanwhile reads the old snapshot or the new.
    writeFileSync(`${target}.${process.pid}`, `${JSON.stringify(snapshot)}\n`);
    renameSync(`${target}.${process.pid}`, target);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

writeHelpSnapshot().catch((error: unknown) => {
  process.stderr.write(
    `help snapshot not written: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
