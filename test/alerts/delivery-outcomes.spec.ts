import { DeliveryOutcomes, DeliveryWrites, type FinishedAttempt } from '@app/alerts';
import { insertRows } from '@app/database';

import { createTestContext, DATABASE_KINDS, type TestContext } from '../support';

const NOW = '2026-01-01T00:00:00.000Z';
const LATER = '2026-01-01T00:00:01.000Z';

/**
 * Finished attempts are recorded in groups (one multi-row INSERT and UPDATE per group): each row is
 * settled as its own outcome says, and only where its claim is still that attempt's; every attempt
 * is logged once. Real databases, rows written as the dispatcher writes them.
 */
describe.each(DATABASE_KINDS)('delivery outcomes recorded in groups (%s)', (kind) => {
  let ctx: TestContext;

  beforeEach(async () => {
    ctx = await createTestContext(kind);
  });
  afterEach(async () => {
    await ctx?.close();
  });

  /** Deliveries claimed for their first attempt (`sending`, attempts 1). */
  const claimed = async (ids: string[]) => {
    await ctx.database.transaction((tx) =>
      insertRows(
        tx,
        'deliveries',
        'id, event_id, position, entry_id, kind, subscription_id, channel, status, attempts, lease_until, next_attempt_at, created_at, updated_at',
        ids.map((id, i) => [
          id,
          `event-${id}`,
          i + 1,
          `entry-${id}`,
          'added',
          `sub-${id}`,
          'webhook',
          'sending',
          1,
          LATER,
          NOW,
          NOW,
          NOW,
        ]),
      ),
    );
  };
  const finished = (deliveryId: string, over: Partial<FinishedAttempt> = {}): FinishedAttempt => ({
    deliveryId,
    attempt: 1,
    startedAt: NOW,
    durationMs: 3,
    outcome: 'delivered',
    statusCode: 204,
    detail: null,
    settle: {
      status: 'delivered',
      failures: 0,
      firstFailedAt: null,
      nextAttemptAt: null,
      lastError: null,
      deliveredAt: LATER,
      updatedAt: LATER,
    },
    ...over,
  });

  it('settles each row of a group as its outcome says, and none whose claim moved on', async () => {
    const ids = Array.from({ length: 40 }, (_, i) => `d${String(i).padStart(2, '0')}`);
    await claimed(ids);
    // d01's claim lapsed and another worker took it: attempt 2 is its now.
    await ctx.database.execute(`UPDATE deliveries SET attempts = 2 WHERE id = 'd01'`);
    const outcomes = new DeliveryOutcomes(new DeliveryWrites(ctx.database));
    // Sends still running: the outcomes wait for each other and go as one group.
    outcomes.sendStarted();
    const settled = Promise.all(
      ids.map((id, i) =>
        outcomes.record(
          i % 2 === 0
            ? finished(id)
            : finished(id, {
                outcome: 'retry',
                statusCode: 503,
                detail: 'HTTP 503',
                settle: {
                  status: 'pending',
                  failures: 1,
                  firstFailedAt: NOW,
                  nextAttemptAt: LATER,
                  lastError: 'HTTP 503',
                  deliveredAt: null,
                  updatedAt: LATER,
                },
              }),
        ),
      ),
    );
    outcomes.sendFinished();
    expect(await settled).toEqual(ids.map((id) => id !== 'd01'));

    const rows = await ctx.database.query<Record<string, unknown>>(
      `SELECT id, status, attempts, failures, first_failed_at, next_attempt_at, lease_until, last_error, delivered_at, updated_at
       FROM deliveries ORDER BY id`,
    );
    expect(
      rows.map((row) => ({ ...row, attempts: Number(row.attempts), failures: Number(row.failures) })),
    ).toEqual(
      ids.map((id, i) =>
        id === 'd01'
          ? {
              id,
              status: 'sending',
              attempts: 2,
              failures: 0,
              first_failed_at: null,
              next_attempt_at: NOW,
              lease_until: LATER,
              last_error: null,
              delivered_at: null,
              updated_at: NOW,
            }
          : i % 2 === 0
            ? {
                id,
                status: 'delivered',
                attempts: 1,
                failures: 0,
                first_failed_at: null,
                next_attempt_at: null,
                lease_until: null,
                last_error: null,
                delivered_at: LATER,
                updated_at: LATER,
              }
            : {
                id,
                status: 'pending',
                attempts: 1,
                failures: 1,
                first_failed_at: NOW,
                next_attempt_at: LATER,
                lease_until: null,
                last_error: 'HTTP 503',
                delivered_at: null,
                updated_at: LATER,
              },
      ),
    );
    const attempts = await ctx.database.query<{
      delivery_id: string;
      attempt: number | string;
      outcome: string;
      status_code: number | string;
    }>('SELECT delivery_id, attempt, outcome, status_code FROM delivery_attempts ORDER BY delivery_id');
    // What the outlived worker saw is logged too, as before.
    expect(attempts.map((a) => [a.delivery_id, Number(a.attempt), a.outcome, Number(a.status_code)])).toEqual(
      ids.map((id, i) => [id, 1, i % 2 === 0 ? 'delivered' : 'retry', i % 2 === 0 ? 204 : 503]),
    );

    // The same attempt recorded again (a second worker's view of it) logs nothing twice.
    expect(await outcomes.record(finished('d00'))).toBe(false);
    const [count] = await ctx.database.query<{ n: number | string }>(
      'SELECT COUNT(*) AS n FROM delivery_attempts',
    );
    expect(Number(count!.n)).toBe(ids.length);
  });
});
