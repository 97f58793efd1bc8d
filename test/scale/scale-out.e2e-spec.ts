import { testConfig } from '../support';
import { runScale, type ScaleReport } from './scale-scenario';

// Five processes from dist/ (`node scripts/build.mjs` first, as `npm test` does) on one PostgreSQL
// schema and one Redis prefix. Smaller than the bench (`npm run bench -- --only scale`).
jest.setTimeout(300_000);

describe('scale-out on PostgreSQL and Redis: two APIs, three workers', () => {
  let report: ScaleReport;

  beforeAll(async () => {
    report = await runScale({
      env: testConfig('postgres', { ALERT_SWEEP_INTERVAL: '2s' }).env,
      apis: 2,
      workers: 3,
      feeds: 30,
      relevantPerFeed: 2,
      subscribers: 25,
      reviewers: 6,
      approvals: 30,
      deliveryTimeoutMs: 120_000,
    });
  }, 300_000);

  it('ingests every feed, proposes every relevant item once, and approves through both APIs', () => {
    expect(report.ingest).toMatchObject({ feeds: 30, items: 30 * 4 + 6 });
    // Each story once; the six items a second feed carried too are not proposed again.
    expect(report.ingest.proposed).toBe(30 * 2);
    expect(report.checks.sharedItems).toBe(6);
    expect(report.checks.proposedTwice).toEqual([]);
    expect(report.review.approvals).toBe(30);
  });

  it('keeps the log whole: the chain verifies and positions run 1..N without a gap', () => {
    expect(report.checks.verify.ok).toBe(true);
    const { count, min, max } = report.checks.positions;
    expect({ min, max }).toEqual({ min: 1, max: count });
    expect(report.checks.verify.eventsChecked).toBe(count);
  });

  it('leaves every read model equal to a rebuild', () => {
    expect(report.checks.readModelTables).toBeGreaterThanOrEqual(8);
    expect(report.checks.rebuildDifferences).toEqual([]);
  });

  it('delivers every expected webhook exactly once, signed, and nothing else', () => {
    // Subscriber n wants country n mod 5: 5 of the 25 for each entry.
    expect(report.delivery.expected).toBe(30 * 5);
    expect(report.checks.missingDeliveries).toEqual([]);
    expect(report.checks.unexpectedDeliveries).toEqual([]);
    expect(report.checks.duplicateWebhookIds).toEqual([]);
    expect(report.checks.badSignatures).toBe(0);
    expect(report.delivery.received).toBe(report.delivery.expected);
  });
});
