import { AlertDispatcher, AlertsModule, AlertsQueueModule, SubscriptionService } from '@app/alerts';
import { entryStreamId, TimelineModule, TimelineService } from '@app/timeline';
import { Module } from '@nestjs/common';

import { createTestContext, DATABASE_KINDS, type TestContext } from '../support';
import { addEntry } from './alerts-fixture';

/** The dispatcher alone, without the worker's loop: the test runs it by hand. */
@Module({ imports: [AlertsQueueModule], providers: [AlertDispatcher], exports: [AlertDispatcher] })
class DispatcherModule {}

/**
 * The undo window (UNDO_WINDOW, 30 s by default; the contract with review): an entry event is not
 * dispatched until the window after its recorded time has passed, and an approval undone within it
 * (an EntryRetracted with `undo: true`) sends nothing, for the addition nor for its retraction.
 * Time is the test's manual clock; the events are real appends.
 */
describe.each(DATABASE_KINDS)('alerts wait out the undo window (%s)', (kind) => {
  let ctx: TestContext;
  let dispatcher: AlertDispatcher;
  let timeline: TimelineService;

  beforeEach(async () => {
    ctx = await createTestContext(kind, {
      features: [TimelineModule, AlertsModule, DispatcherModule],
      redis: true,
      // The product's own window (tests default to none).
      env: { UNDO_WINDOW: '30s' },
    });
    dispatcher = ctx.app.get(AlertDispatcher);
    timeline = ctx.app.get(TimelineService);
    await ctx.app
      .get(SubscriptionService)
      .create(
        { channel: 'webhook', target: 'https://hooks.example.org/a', ownerKeyId: null, confirmed: true },
        { actor: 'test' },
      );
  });
  afterEach(async () => {
    await ctx?.close();
  });

  const deliveries = () =>
    ctx.database.query<{ entry_id: string; kind: string }>(
      'SELECT entry_id, kind FROM deliveries ORDER BY position',
    );
  const seconds = (n: number) => ctx.clock.advance(n * 1_000);

  it('holds an approval for UNDO_WINDOW after it was recorded, then sends it', async () => {
    expect(ctx.config.review.undoWindowMs).toBe(30_000);
    const entryId = await addEntry(timeline);
    const first = await dispatcher.dispatchOnce();
    expect(first.heldUntil?.toISOString()).toBe(new Date(ctx.clock.now().getTime() + 30_000).toISOString());
    expect(await deliveries()).toEqual([]);
    seconds(29);
    await dispatcher.dispatchOnce();
    expect(await deliveries()).toEqual([]);
    seconds(1);
    await dispatcher.dispatchOnce();
    expect(await deliveries()).toEqual([{ entry_id: entryId, kind: 'added' }]);
  });

  it('sends nothing for an approval undone within the window, nor for its retraction', async () => {
    const undoneId = await addEntry(timeline, { title: 'Undone patrol' });
    seconds(10);
    // As review's undo appends it: a retraction marked undo, within the window.
    await ctx.events.append(entryStreamId(undoneId), 'any', [
      {
        type: 'EntryRetracted',
        data: { entryId: undoneId, reason: 'Approved by mistake', undo: true },
        metadata: { actor: 'key:reviewer' },
      },
    ]);
    const keptId = await addEntry(timeline, { title: 'Kept patrol' });
    seconds(31);
    for (let i = 0; i < 3; i += 1) await dispatcher.dispatchOnce();
    expect(await deliveries()).toEqual([{ entry_id: keptId, kind: 'added' }]);
    const { head, checkpoint } = await dispatcher.lag();
    expect(checkpoint).toBe(head);

    // A retraction that is not an undo, of an entry that was sent: its recipients are told.
    await ctx.events.append(entryStreamId(keptId), 'any', [
      {
        type: 'EntryRetracted',
        data: { entryId: keptId, reason: 'Duplicate' },
        metadata: { actor: 'key:reviewer' },
      },
    ]);
    seconds(31);
    await dispatcher.dispatchOnce();
    expect(await deliveries()).toEqual([
      { entry_id: keptId, kind: 'added' },
      { entry_id: keptId, kind: 'retracted' },
    ]);
  });
});
