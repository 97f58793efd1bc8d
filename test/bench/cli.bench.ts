import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

import { GENESIS_HASH } from '@app/event-store';
import canonicalize from 'canonicalize';
import { Client } from 'pg';

import { type BenchContext, openBench, removeBench, round, timed } from './bench-context';
import { RawSqliteLog } from './raw-sqlite';

const REPO = join(__dirname, '..', '..', '..');
const RUNS = 5;

/** Median, least and most of `runs` wall-clock timings of a child process, in ms. */
function spawnTimes(args: string[], env: Record<string, string>, runs = RUNS) {
  const times = Array.from({ length: runs }, () => {
    const started = performance.now();
    const result = spawnSync(args[0]!, args.slice(1), { cwd: REPO, env: { PATH: process.env.PATH, ...env } });
    if (result.status !== 0) throw new Error(`${args.join(' ')} failed: ${String(result.stderr)}`);
    return performance.now() - started;
  }).sort((a, b) => a - b);
  return {
    median: round(times[Math.floor(runs / 2)]!, 0),
    min: round(times[0]!, 0),
    max: round(times[runs - 1]!, 0),
  };
}

/**
 * Issue 13's command-line figures: `--help` (answered from the build's help snapshot) beside
 * `node -e 0`, and `verify` end to end (a process started, booted, the whole chain walked) at
 * `events` events beside a raw hash walk of the same rows in this process.
 */
export async function benchCli(options: { events: number }) {
  const node = process.execPath;
  const big = await openBench('cli', { synchronous: 'NORMAL' });
  const fill = await timed(async () => {
    for (let b = 0; b < options.events / 1_000; b += 1) {
      await big.events.append(
        `entry-${b}`,
        0,
        Array.from({ length: 1_000 }, (_, i) => ({
          type: 'Benched',
          data: { b, i, title: `Entry ${b}-${i}`, countries: ['CN', 'KZ'], summary: 'x'.repeat(200) },
          metadata: { actor: 'bench' },
        })),
      );
    }
  });
  await big.app.close();

  const env = { DATABASE_URL: big.env.DATABASE_URL, LOG_LEVEL: 'warn' };
  const help = {
    nodeDashE0Ms: spawnTimes([node, '-e', '0'], {}),
    // `npm run cli -- --help` without npm's own start-up: the build check, then the CLI.
    cliMjsHelpMs: spawnTimes([node, join(REPO, 'scripts/cli.mjs'), '--help'], env),
    nestedHelpMs: spawnTimes([node, join(REPO, 'dist/apps/cli/src/main.js'), 'feeds', 'add', '--help'], env),
    npmRunCliHelpMs: spawnTimes(['npm', 'run', '--silent', 'cli', '--', '--help'], env, 3),
  };

  const verifyRuns = Array.from({ length: 3 }, () => {
    const started = performance.now();
    const result = spawnSync(node, [join(REPO, 'dist/apps/cli/src/main.js'), 'verify', '--json'], {
      cwd: REPO,
      env: { PATH: process.env.PATH, ...env },
      encoding: 'utf8',
    });
    const ms = performance.now() - started;
    if (result.status !== 0) throw new Error(`cli verify failed: ${result.stderr}`);
    const report = JSON.parse(result.stdout) as { eventsChecked: number; milliseconds: number };
    if (report.eventsChecked !== options.events) throw new Error(`verify checked ${report.eventsChecked}`);
    return { endToEndMs: ms, walkMs: report.milliseconds };
  }).sort((a, b) => a.endToEndMs - b.endToEndMs);
  const verify = verifyRuns[1]!;
  const raw = await timed(() => rawHashWalk(big));
  if (raw.result !== options.events) throw new Error(`raw walk read ${raw.result} events`);
  removeBench(big);

  return {
    help,
    helpOverNode: round(help.cliMjsHelpMs.median / help.nodeDashE0Ms.median, 1),
    verify: {
      events: options.events,
      fillSeconds: round(fill.ms / 1000, 1),
      endToEndMs: round(verify.endToEndMs, 0),
      chainWalkMs: verify.walkMs,
      startUpMs: round(verify.endToEndMs - verify.walkMs, 0),
      rawHashWalkMs: round(raw.ms, 0),
      walkOverRaw: round(verify.walkMs / raw.ms, 2),
    },
  };
}

/** Every row read and hashed again, with the driver alone: the floor for verify's chain walk. */
async function rawHashWalk(ctx: BenchContext): Promise<number> {
  if (ctx.kind === 'sqlite') {
    const raw = new RawSqliteLog(ctx.path, 'NORMAL');
    try {
      return raw.verify();
    } finally {
      raw.close();
    }
  }
  const url = new URL(ctx.env.DATABASE_URL);
  const schema = url.searchParams.get('schema')!;
  url.searchParams.delete('schema');
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    let prev = GENESIS_HASH;
    let position = 0;
    for (;;) {
      const { rows } = await client.query<Record<string, unknown>>(
        `SELECT * FROM "${schema}".events WHERE position > $1 ORDER BY position LIMIT 10000`,
        [position],
      );
      if (rows.length === 0) return position;
      for (const row of rows) {
        position = Number(row.position);
        const hash = createHash('sha256')
          .update(prev)
          .update(
            canonicalize({
              position,
              eventId: row.event_id,
              streamId: row.stream_id,
              streamVersion: row.stream_version,
              type: row.type,
              schemaVersion: row.schema_version,
              data: row.data,
              metadata: row.metadata,
              recordedAt: row.recorded_at,
            })!,
          )
          .digest('hex');
        if (hash !== row.hash) throw new Error(`raw walk: mismatch at ${position}`);
        prev = hash;
      }
    }
  } finally {
    await client.end();
  }
}
