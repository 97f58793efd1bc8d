import type { StoredEvent } from '@app/event-store';

import type { SubscriptionFilters } from '../subscription-events';
import { EMPTY_FILTERS } from '../subscription-filters';
import { type DispatchTarget, planDeliveries } from './dispatch-plan';

let position = 100;
const event = (type: string, data: Record<string, unknown>): StoredEvent => {
  position += 1;
  return {
    position,
    eventId: `ev-${position}`,
    streamId: `entry-${String(data.entryId)}`,
    streamVersion: 1,
    type,
    schemaVersion: 1,
    data,
    metadata: {},
    recordedAt: '2026-01-01T00:00:00.000Z',
    prevHash: '',
    hash: '',
  };
};
const added = (entryId: string, countries: string[], title = 'Joint patrol') =>
  event('EntryAdded', {
    entryId,
    title,
    summary: 'A patrol.',
    countries,
    categories: ['border-security'],
    actors: [],
  });
const target = (
  id: string,
  filters: Partial<SubscriptionFilters> = {},
  over: Partial<DispatchTarget> = {},
): DispatchTarget => ({
  id,
  channel: 'webhook',
  mode: 'instant',
  filters: { ...EMPTY_FILTERS, ...filters },
  createdPosition: 1,
  ...over,
});
const owed = (plan: ReturnType<typeof planDeliveries>) =>
  plan.map((p) => `${p.kind}:${p.entryId}->${p.subscriptionId}`);

describe('dispatch plan', () => {
  it('given an addition, owes it to every subscription whose filters match', () => {
    const plan = planDeliveries(
      [added('e1', ['KZ'])],
      [target('kz', { countries: ['KZ'] }), target('tj', { countries: ['TJ'] }), target('all')],
      [],
    );
    expect(owed(plan)).toEqual(['added:e1->kz', 'added:e1->all']);
  });

  it('owes a subscription nothing approved before it was created', () => {
    const early = added('e1', ['KZ']);
    const plan = planDeliveries([early], [target('late', {}, { createdPosition: early.position + 1 })], []);
    expect(plan).toEqual([]);
  });

  it('holds the rows of daily-digest subscriptions for the digest', () => {
    const plan = planDeliveries(
      [added('e1', ['KZ'])],
      [target('daily', {}, { channel: 'email', mode: 'daily' })],
      [],
    );
    expect(plan).toEqual([
      expect.objectContaining({ subscriptionId: 'daily', channel: 'email', held: true }),
    ]);
  });

  it('sends a correction or retraction to exactly those who got the addition, even if their filters no longer match', () => {
    const targets = [target('kz', { countries: ['KZ'] }), target('tj', { countries: ['TJ'] })];
    const amended = event('EntryAmended', {
      entryId: 'e1',
      changes: { countries: ['TJ'] },
      reason: 'wrong country',
    });
    const retracted = event('EntryRetracted', { entryId: 'e1', reason: 'duplicate' });
    const plan = planDeliveries([amended, retracted], targets, [{ entryId: 'e1', subscriptionId: 'kz' }]);
    expect(owed(plan)).toEqual(['amended:e1->kz', 'retracted:e1->kz']);
  });

  it('counts an addition earlier in the same run as received', () => {
    const plan = planDeliveries(
      [added('e2', ['KZ']), event('EntryRetracted', { entryId: 'e2', reason: 'duplicate' })],
      [target('kz', { countries: ['KZ'] }), target('tj', { countries: ['TJ'] })],
      [],
    );
    expect(owed(plan)).toEqual(['added:e2->kz', 'retracted:e2->kz']);
  });

  it('tells inactive subscriptions nothing, and ignores events that are not dispatched', () => {
    const plan = planDeliveries(
      [
        event('EntryAmended', { entryId: 'e1', changes: {}, reason: 'x' }),
        event('SourceAttached', { entryId: 'e1' }),
      ],
      [target('active')],
      [{ entryId: 'e1', subscriptionId: 'paused-meanwhile' }],
    );
    expect(plan).toEqual([]);
  });
});
