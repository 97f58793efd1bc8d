// `npm run bench`: prints the product's figures as JSON, each beside the same work done raw.
// Options: --events N (size of the log for verify/rebuild, default 100000), --sync FULL|NORMAL,
// --entries N (timeline entries for the query benchmark, default 100000), --only eventLog|timeline|ingest|alerts,
// --feeds N (local feeds for the ingest benchmark, default 1000; 30 items each), --db sqlite|postgres
// (the ingest benchmark's database; BENCH_POSTGRES_URL, default postgres://root@127.0.0.1:5432/test),
// --subscribers N (webhook subscribers for the alerts fan-out, default 1000), --approvals N (default 100).
import { benchAlerts } from './alerts.bench';
import { benchEventLog } from './event-log.bench';
import { benchIngest } from './ingest.bench';
import { benchTimeline } from './timeline.bench';

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
  const database = option('db', 'sqlite') === 'postgres' ? 'postgres' : 'sqlite';
  const results = {
    machine: { node: process.version, cpus: (await import('node:os')).cpus().length },
    ...(only === 'all' || only === 'eventLog'
      ? { eventLog: await benchEventLog({ events, synchronous }) }
      : {}),
    ...(only === 'all' || only === 'timeline' ? { timeline: await benchTimeline({ entries }) } : {}),
    ...(only === 'all' || only === 'ingest'
      ? { ingest: await benchIngest({ feeds, items: 30, synchronous, database }) }
      : {}),
    ...(only === 'all' || only === 'alerts'
      ? { alerts: await benchAlerts({ subscribers, approvals, synchronous }) }
      : {}),
  };
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
