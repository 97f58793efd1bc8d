import { AlertDispatcher, AlertsModule, AlertsQueueModule, SubscriptionService } from '@app/alerts';
import { TimelineModule, TimelineService } from '@app/timeline';
import { Module } from '@nestjs/common';

import { createTestContext, DATABASE_KINDS, type TestContext } from '../support';
import { addEntry } from './alerts-fixture';

/** The dispatcher alone, without the worker's loop: the test runs it by hand. */
@Module({ imports: [AlertsQueueModule], providers: [AlertDispatcher], exports: [AlertDispatcher] })
class DispatcherModule {}

/**
 * The dispatcher keeps the active subscriptions between dispatches and reads a row again only
 * when its version moved: each dispatch still matches exactly the subscriptions active at that
 * moment (one created, paused, resumed or deleted since the last dispatch included).
 */
describe.each(DATABASE_KINDS)('the subscriptions each dispatch matches (%s)', (kind) => {
  let ctx: TestContext;
  let dispatcher: AlertDispatcher;
  let timeline: TimelineService;
  let subscriptions: SubscriptionService;

  beforeEach(async () => {
    ctx = await createTestContext(kind, {
      features: [TimelineModule, AlertsModule, DispatcherModule],
      redis: true,
    });
    dispatcher = ctx.app.get(AlertDispatcher);
    timeline = ctx.app.get(TimelineService);
    subscriptions = ctx.app.get(SubscriptionService);
  });
  afterEach(async () => {
    await ctx?.close();
  });

  const subscribe = async (path: string) =>
    (
      await subscriptions.create(
        {
          channel: 'webhook',
          target: `https://hooks.example.org/${path}`,
          ownerKeyId: null,
          confirmed: true,
        },
        { actor: 'test' },
      )
    ).subscription.id;
  /** Approves an entry, dispatches it, and says which subscriptions it went to. */
  const approveAndDispatch = async (): Promise<string[]> => {
    const entryId = await addEntry(timeline);
    await dispatcher.dispatchOnce();
    const rows = await ctx.database.query<{ subscription_id: string }>(
      'SELECT subscription_id FROM deliveries WHERE entry_id = $1',
      [entryId],
    );
    return rows.map((row) => row.subscription_id).sort();
  };

  it('goes to the subscriptions active at each dispatch, as they change between dispatches', async () => {
    const a = await subscribe('a');
    expect(await approveAndDispatch()).toEqual([a]);

    const b = await subscribe('b');
    await subscriptions.pause(a, { actor: 'test' });
    expect(await approveAndDispatch()).toEqual([b]);

    await subscriptions.resume(a, { actor: 'test' });
    await subscriptions.delete(b, { actor: 'test' });
    expect(await approveAndDispatch()).toEqual([a]);

    // Paused and resumed with no dispatch in between: the row moved on, and is still owed.
    await subscriptions.pause(a, { actor: 'test' });
    await subscriptions.resume(a, { actor: 'test' });
    const c = await subscribe('c');
    expect(await approveAndDispatch()).toEqual([a, c].sort());
  });
});
