// `npm run bench`: prints the product's figures as JSON, each beside the same work done raw.
// Options: --events N (size of the log for verify/rebuild, default 100000), --sync FULL|NORMAL,
// --entries N (timeline entries for the query benchmark, default 100000), --only eventLog|timeline|ingest|alerts|exports,
// --feeds N (local feeds for the ingest benchmark, default 1000; 30 items each),
// --subscribers N (webhook subscribers for the alerts fan-out, default 1000), --approvals N (default 100),
// --export-entries N (entries for the exports benchmark, default 10000), --concurrent-exports N (default 4).
import { benchAlerts } from './alerts.bench';
import { benchEventLog } from './event-log.bench';
import { benchExports } from './exports.bench';
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
  const exportEntries = Number(option('export-entries', '10000'));
  const concurrentExports = Number(option('concurrent-exports', '4'));
  const results = {
    machine: { node: process.version, cpus: (await import('node:os')).cpus().length },
    ...(only === 'all' || only === 'eventLog'
      ? { eventLog: await benchEventLog({ events, synchronous }) }
      : {}),
    ...(only === 'all' || only === 'timeline' ? { timeline: await benchTimeline({ entries }) } : {}),
    ...(only === 'all' || only === 'ingest'
      ? { ingest: await benchIngest({ feeds, items: 30, synchronous }) }
      : {}),
    ...(only === 'all' || only === 'alerts'
      ? { alerts: await benchAlerts({ subscribers, approvals, synchronous }) }
      : {}),
    ...(only === 'all' || only === 'exports'
      ? { exports: await benchExports({ entries: exportEntries, concurrent: concurrentExports }) }
      : {}),
  };
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
