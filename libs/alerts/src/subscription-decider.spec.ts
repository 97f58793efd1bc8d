import { given } from '@app/testing';

import { type SubscriptionCommand, subscriptionDecider } from './subscription-decider';
import type { SubscriptionEvent } from './subscription-events';

const id = 'sub-1';
const filters = { countries: ['KZ'], categories: [], actors: [], keywords: ['Khorgos'] };

const created = (confirmed = true): SubscriptionEvent => ({
  type: 'SubscriptionCreated',
  data: {
    subscriptionId: id,
    channel: 'webhook',
    target: { sealed: 'aes-256-gcm:AAAA' },
    filters,
    mode: 'instant',
    ownerKeyId: 'k1',
    contact: { sealed: 'aes-256-gcm:BBBB' },
    confirmed,
  },
});
const paused: SubscriptionEvent = { type: 'SubscriptionPaused', data: { subscriptionId: id } };
const disabled: SubscriptionEvent = {
  type: 'SubscriptionDisabled',
  data: { subscriptionId: id, reason: '410 Gone' },
};
const deleted: SubscriptionEvent = { type: 'SubscriptionDeleted', data: { subscriptionId: id } };
const code = (value: string) => expect.objectContaining({ code: value }) as Error;

describe('subscription decisions', () => {
  it('creates a subscription, active at once unless it waits for confirmation', () => {
    const command: SubscriptionCommand = {
      kind: 'create',
      ...created().data,
      notices: [],
    } as SubscriptionCommand;
    expect(given(subscriptionDecider).when(command)()).toEqual([created()]);
    expect(given(subscriptionDecider, created()).state).toMatchObject({
      status: 'active',
      disabledReason: null,
      filters,
    });
    expect(given(subscriptionDecider, created(false)).state).toMatchObject({
      status: 'pending-confirmation',
    });
    expect(given(subscriptionDecider, created()).when(command)).toThrow(code('SUBSCRIPTION_EXISTS'));
  });

  it('records operational notices only for a subscription that opted in; an old event reads as none', () => {
    const command = { kind: 'create', ...created().data, notices: ['feed-silence'] } as SubscriptionCommand;
    const [event] = given(subscriptionDecider).when(command)();
    expect(event).toEqual({ ...created(), data: { ...created().data, notices: ['feed-silence'] } });
    expect(given(subscriptionDecider, event!).state).toMatchObject({ notices: ['feed-silence'] });
    // SubscriptionCreated from before notices existed has no such field.
    expect(given(subscriptionDecider, created()).state).toMatchObject({ notices: [] });
  });

  it('confirms a pending sign-up once; confirming again changes nothing', () => {
    const confirm: SubscriptionCommand = { kind: 'confirm', subscriptionId: id };
    const confirmed: SubscriptionEvent = { type: 'SubscriptionConfirmed', data: { subscriptionId: id } };
    expect(given(subscriptionDecider, created(false)).when(confirm)()).toEqual([confirmed]);
    expect(given(subscriptionDecider, created(false), confirmed).state).toMatchObject({ status: 'active' });
    expect(given(subscriptionDecider, created(false), confirmed).when(confirm)()).toEqual([]);
  });

  it('pauses an active subscription and resumes it; repeating either is harmless', () => {
    expect(given(subscriptionDecider, created()).when({ kind: 'pause', subscriptionId: id })()).toEqual([
      paused,
    ]);
    expect(given(subscriptionDecider, created(), paused).state).toMatchObject({ status: 'paused' });
    expect(
      given(subscriptionDecider, created(), paused).when({ kind: 'pause', subscriptionId: id })(),
    ).toEqual([]);
    expect(
      given(subscriptionDecider, created(), paused).when({ kind: 'resume', subscriptionId: id })(),
    ).toEqual([{ type: 'SubscriptionResumed', data: { subscriptionId: id } }]);
    expect(given(subscriptionDecider, created()).when({ kind: 'resume', subscriptionId: id })()).toEqual([]);
  });

  it('refuses to pause what is not active, or to resume what was never confirmed', () => {
    expect(given(subscriptionDecider, created(false)).when({ kind: 'pause', subscriptionId: id })).toThrow(
      code('SUBSCRIPTION_STATE'),
    );
    expect(
      given(subscriptionDecider, created(), disabled).when({ kind: 'pause', subscriptionId: id }),
    ).toThrow(code('SUBSCRIPTION_STATE'));
    expect(given(subscriptionDecider, created(false)).when({ kind: 'resume', subscriptionId: id })).toThrow(
      code('SUBSCRIPTION_STATE'),
    );
  });

  it('disables with a reason, shown until a resume clears it', () => {
    expect(
      given(subscriptionDecider, created(), paused).when({
        kind: 'disable',
        subscriptionId: id,
        reason: '410 Gone',
      })(),
    ).toEqual([disabled]);
    expect(given(subscriptionDecider, created(), disabled).state).toMatchObject({
      status: 'disabled',
      disabledReason: '410 Gone',
    });
    expect(
      given(subscriptionDecider, created(), disabled).when({
        kind: 'disable',
        subscriptionId: id,
        reason: 'again',
      })(),
    ).toEqual([]);
    const resumed: SubscriptionEvent = { type: 'SubscriptionResumed', data: { subscriptionId: id } };
    expect(given(subscriptionDecider, created(), disabled, resumed).state).toMatchObject({
      status: 'active',
      disabledReason: null,
    });
  });

  it('deletes; a deleted or unknown subscription is not found for any command', () => {
    expect(given(subscriptionDecider, created()).when({ kind: 'delete', subscriptionId: id })()).toEqual([
      deleted,
    ]);
    expect(given(subscriptionDecider, created(), deleted).state).toMatchObject({ status: 'deleted' });
    for (const kind of ['confirm', 'pause', 'resume', 'delete'] as const) {
      expect(given(subscriptionDecider, created(), deleted).when({ kind, subscriptionId: id })).toThrow(
        code('SUBSCRIPTION_NOT_FOUND'),
      );
      expect(given(subscriptionDecider).when({ kind, subscriptionId: id })).toThrow(
        code('SUBSCRIPTION_NOT_FOUND'),
      );
    }
  });

  it('erases once, deleted or not; an erased subscription is deleted and takes no other command', () => {
    const erase: SubscriptionCommand = { kind: 'erase', subscriptionId: id };
    const erased: SubscriptionEvent = {
      type: 'SubscriptionErased',
      data: { subscriptionId: id, fields: ['target', 'contact'] },
    };
    expect(given(subscriptionDecider, created()).when(erase)()).toEqual([erased]);
    expect(given(subscriptionDecider, created(), deleted).when(erase)()).toEqual([erased]);
    expect(given(subscriptionDecider, created(), erased).when(erase)()).toEqual([]);
    expect(given(subscriptionDecider, created(), erased).state).toMatchObject({
      status: 'deleted',
      erased: true,
    });
    expect(
      given(subscriptionDecider, created(), erased).when({ kind: 'resume', subscriptionId: id }),
    ).toThrow(code('SUBSCRIPTION_NOT_FOUND'));
    expect(given(subscriptionDecider).when(erase)).toThrow(code('SUBSCRIPTION_NOT_FOUND'));
  });
});
