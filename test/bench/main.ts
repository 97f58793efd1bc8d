// `npm run bench`: prints the product's figures as JSON, each beside the same work done raw.
// Options: --db sqlite|postgres (default sqlite; every section then runs on that database, and says
// which as `database`), --postgres-url URL (default the test suite's postgres://root@127.0.0.1:5432/test),
// --events N (size of the log for verify/rebuild, default 100000), --sync FULL|NORMAL,
// --entries N (timeline entries for the query benchmark, default 100000), --rebuild-entries N (timeline
// entries for the timeline's write figures: single entries and `rebuild timeline`, default 100000),
// --only eventLog|timeline|ingest|alerts|exports|cli|scale,
// --feeds N (local feeds for the ingest benchmark, default 1000; 30 items each), --ingest-concurrency N
// (polls at once, default 4; 1 gives the same result digest on every run),
// --subscribers N (webhook subscribers for the alerts fan-out, default 1000), --approvals N (default 100),
// --scale-feeds N, --scale-subscribers N, --scale-approvals N (the scale-out section on PostgreSQL and
// Redis, with one worker and with three; defaults 200, 200, 200), --export-entries N (entries for the
// exports benchmark, default 10000), --concurrent-exports N (default 4).
import { benchAlerts } from './alerts.bench';
import { BENCH_DATABASES, type BenchDatabase, dropBenchSchemas, useBenchDatabase } from './bench-context';
import { benchCli } from './cli.bench';
import { benchEventLog } from './event-log.bench';
import { benchExports } from './exports.bench';
import { benchIngest } from './ingest.bench';
import { benchScale } from './scale.bench';
import { benchTimeline } from './timeline.bench';
import { benchTimelineWrites } from './timeline-writes.bench';

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? (process.argv[index + 1] ?? fallback) : fallback;
}

async function main(): Promise<void> {
  const events = Number(option('events', '100000'));
  const entries = Number(option('entries', '100000'));
  const synchronous = option('sync', 'FULL') === 'NORMAL' ? 'NORMAL' : 'FULL';
  const only = option('only', 'all');
  const feeds = Number(option('feeds', '1000'));
  const subscribers = Number(option('subscribers', '1000'));
  const approvals = Number(option('approvals', '100'));
  const database = option('db', 'sqlite') as BenchDatabase;
  if (!BENCH_DATABASES.includes(database)) throw new Error(`--db is one of ${BENCH_DATABASES.join(', ')}`);
  const postgresUrl = option('postgres-url', '');
  useBenchDatabase(database, postgresUrl || undefined);

  const sections: Record<string, () => Promise<object>> = {
    eventLog: () => benchEventLog({ events, synchronous }),
    timeline: async () => {
      const writes = await benchTimelineWrites({
        entries: Number(option('rebuild-entries', '100000')),
        synchronous,
      });
      // --entries 0: the write figures alone.
      return { writes, ...(entries > 0 ? await benchTimeline({ entries }) : {}) };
    },
    ingest: () =>
      benchIngest({
        feeds,
        items: 30,
        synchronous,
        database,
        concurrency: Number(option('ingest-concurrency', '4')),
      }),
    alerts: () => benchAlerts({ subscribers, approvals, synchronous }),
    exports: () =>
      benchExports({
        entries: Number(option('export-entries', '10000')),
        concurrent: Number(option('concurrent-exports', '4')),
      }),
    cli: () => benchCli({ events }),
    scale: () =>
      benchScale({
        feeds: Number(option('scale-feeds', '200')),
        subscribers: Number(option('scale-subscribers', '200')),
        approvals: Number(option('scale-approvals', '200')),
        workers: [1, 3],
      }),
  };
  if (only !== 'all' && !(only in sections)) {
    throw new Error(`--only is one of ${Object.keys(sections).join(', ')}`);
  }
  const results: Record<string, unknown> = {
    machine: { node: process.version, cpus: (await import('node:os')).cpus().length },
    database,
  };
  try {
    for (const [name, run] of Object.entries(sections)) {
      if (only !== 'all' && only !== name) continue;
      try {
        results[name] = { database, ...(await run()) };
      } catch (error) {
        // One section that cannot run here (say, a raw twin written for SQLite only) is reported,
        // and the others still run.
        results[name] = { database, error: error instanceof Error ? error.message : String(error) };
        process.exitCode = 1;
      }
    }
  } finally {
    await dropBenchSchemas();
  }
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
