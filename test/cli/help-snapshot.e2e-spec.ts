import { existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

import type { CommandShape, HelpSnapshot } from '../../apps/cli/src/help-snapshot';
import { type ProcessResult, REPO_ROOT, runCli, runNode, testConfig } from '../support';

// Runs the built CLI (dist/): `node scripts/build.mjs` first, as `npm test` does; the build writes
// the snapshot. Each booted run takes a second or two.
jest.setTimeout(120_000);

const SNAPSHOT = join(REPO_ROOT, 'dist/apps/cli/help-snapshot.json');
// A database no process can open (its folder is a file): help from the snapshot never tries; a
// booted CLI fails on it.
const notAFolder = join(mkdtempSync(join(tmpdir(), 'cli-help-')), 'not-a-folder');
writeFileSync(notAFolder, '');
const UNOPENABLE = { DATABASE_URL: `sqlite:${join(notAFolder, 'timeline.sqlite')}`, LOG_LEVEL: 'warn' };

function commandPaths(shape: CommandShape, prefix: string[] = []): string[][] {
  return [prefix, ...shape.commands.flatMap((sub) => commandPaths(sub, [...prefix, sub.name]))];
}

/**
 * The application booted whatever the arguments: cli-boot.js run through a link named main.js, so
 * commander names the program as it names the real entry (`Usage: main ...`).
 */
function bootedCli(): (args: string[], env: Record<string, string>) => Promise<ProcessResult> {
  const folder = mkdtempSync(join(tmpdir(), 'cli-booted-'));
  symlinkSync(join(REPO_ROOT, 'dist/apps/cli/src/cli-boot.js'), join(folder, 'main.js'));
  const script = relative(REPO_ROOT, join(folder, 'main.js'));
  return (args, env) => runNode(script, args, env, { timeoutMs: 60_000 });
}

async function inBatches<T, R>(items: T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += size)
    results.push(...(await Promise.all(items.slice(i, i + size).map(work))));
  return results;
}

describe('help from the snapshot', () => {
  const snapshot = (): HelpSnapshot => {
    if (!existsSync(SNAPSHOT)) throw new Error(`${SNAPSHOT} is missing: run node scripts/build.mjs`);
    return JSON.parse(readFileSync(SNAPSHOT, 'utf8')) as HelpSnapshot;
  };

  it('answers every command path without opening the database, exactly as the booted program does', async () => {
    const { env } = testConfig('sqlite');
    const requests = [
      ...commandPaths(snapshot().program).map((path) => [...path, '--help']),
      [],
      ['-h'],
      ['help'],
      ['help', 'feeds'],
      ['feeds', 'add', '-h'],
      ['no-such-command', '--help'],
    ];
    expect(requests.length).toBeGreaterThan(15);

    const fromSnapshot = await inBatches(requests, 4, (args) => runCli(args, UNOPENABLE));
    // The real program, booted once, asked each request in turn.
    const inProcess = await runNode(
      'dist/test/cli/booted-help.js',
      [JSON.stringify(requests), env.DATABASE_URL!],
      env,
      { timeoutMs: 60_000 },
    );
    expect(inProcess).toMatchObject({ code: 0, stderr: '' });
    const fromBoot = JSON.parse(inProcess.stdout) as ProcessResult[];

    requests.forEach((args, i) => {
      const label = `cli ${args.join(' ')}`;
      expect({ label, ...fromSnapshot[i] }).toEqual({ label, ...fromBoot[i] });
    });
    expect(fromSnapshot[0]!.stdout).toMatch(/^Usage: main \[options\] \[command\]/);
    expect(fromSnapshot[0]!.stdout).toMatch(/verify \[options\]\s+Walk the hash chain/);
    // The bare program prints its help on stderr and exits 1, as commander does.
    const bare = fromSnapshot[requests.findIndex((args) => args.length === 0)]!;
    expect(bare).toMatchObject({ code: 1, stdout: '' });
    expect(bare.stderr).toMatch(/^Usage: main/);
  });

  it('equals the booted entry itself, process and all, for the program and a nested command', async () => {
    const booted = bootedCli();
    const { env } = testConfig('sqlite');
    for (const args of [['--help'], ['feeds', 'add', '-h'], []]) {
      const [real, snapshotted] = await Promise.all([booted(args, env), runCli(args, UNOPENABLE)]);
      expect({ args, ...snapshotted }).toEqual({ args, ...real });
    }
  });

  it('the booted program could not have answered: it fails on the same unopenable database', async () => {
    const booted = bootedCli();
    const failed = await booted(['verify', '--help'], UNOPENABLE);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/Cannot open the database/);
    const answered = await runCli(['verify', '--help'], UNOPENABLE);
    expect(answered).toMatchObject({ code: 0, stderr: '' });
    expect(answered.stdout).toMatch(/--check-head <file>/);
  });

  it('anything but a help request still boots (and so sees the database)', async () => {
    const result = await runCli(['verify'], UNOPENABLE);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Cannot open the database/);
  });
});
