import { randomBytes } from 'node:crypto';

import { runScale, type ScaleReport } from '../scale/scale-scenario';
import { benchDatabaseEnv } from './bench-context';
import { deleteRedisKeys } from '../support/redis-keys';

/**
 * Issue 13's scale-out figures (DESIGN.md section 11): the scale-out test's scenario at bench size,
 * on PostgreSQL and Redis, with two API processes and one worker, then three workers, each run on a
 * fresh schema: items ingested, approvals and deliveries per second, and every check of the test.
 */
export async function benchScale(options: {
  feeds: number;
  subscribers: number;
  approvals: number;
  workers: number[];
}) {
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const runs: Record<string, ReturnType<typeof summary>> = {};
  for (const workers of options.workers) {
    const prefix = `bench-scale-${randomBytes(4).toString('hex')}`;
    try {
      const report = await runScale({
        env: {
          ...benchDatabaseEnv(`scale${workers}`, { database: 'postgres' }).env,
          REDIS_URL: redisUrl,
          REDIS_PREFIX: prefix,
        },
        apis: 2,
        workers,
        feeds: options.feeds,
        relevantPerFeed: 3,
        subscribers: options.subscribers,
        reviewers: 8,
        approvals: options.approvals,
        deliveryTimeoutMs: 600_000,
        log: (line) => process.stderr.write(`${line}\n`),
      });
      runs[`workers${workers}`] = summary(report);
    } finally {
      await deleteRedisKeys(redisUrl, `${prefix}:*`);
    }
  }
  return {
    database: 'postgres',
    setup:
      'two API processes; feeds on one local HTTP server (FEED_HOST_DELAY=0); 8 reviewers approving ' +
      'through both APIs at once; webhook receivers verifying every signature; subscriber n wants country n mod 5',
    ...runs,
  };
}

function summary(report: ScaleReport) {
  const failed = Object.entries({
    verify: !report.checks.verify.ok,
    positionGaps: report.checks.positions.max !== report.checks.positions.count,
    rebuildDifferences: report.checks.rebuildDifferences.length > 0,
    duplicateWebhookIds: report.checks.duplicateWebhookIds.length > 0,
    badSignatures: report.checks.badSignatures > 0,
    missingDeliveries: report.checks.missingDeliveries.length > 0,
    unexpectedDeliveries: report.checks.unexpectedDeliveries.length > 0,
    proposedTwice: report.checks.proposedTwice.length > 0,
  }).flatMap(([check, bad]) => (bad ? [check] : []));
  return {
    processes: report.processes,
    ingest: report.ingest,
    review: report.review,
    delivery: report.delivery,
    checks: failed.length === 0 ? 'all hold' : { failed, details: report.checks },
  };
}
