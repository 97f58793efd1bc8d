import type { Decider } from '@app/event-store';
import { AlertsError } from './alerts.error';
import type {
  NoticeKind,
  SubscriptionChannel,
  SubscriptionEvent,
  SubscriptionFilters,
  SubscriptionMode,
} from './subscription-events';
import type { PersonalValue } from './personal/personal-cipher';
import type { SubscriptionView } from './subscription-view';

/**
 * A subscription as its stream folds up: what decisions read. Its personal data (target, contact)
 * stays sealed in the events; the read model holds it opened.
 */
export type SubscriptionState = Omit<SubscriptionView, 'createdAt' | 'target' | 'contact'> & {
  erased: boolean;
};

export type SubscriptionCommand =
  | {
      kind: 'create';
      subscriptionId: string;
      channel: SubscriptionChannel;
      /** Sealed by the caller under the subscription's key: the decider never sees plaintext. */
      target: PersonalValue;
      filters: SubscriptionFilters;
      mode: SubscriptionMode;
      ownerKeyId: string | null;
      contact: PersonalValue | null;
      confirmed: boolean;
      notices: NoticeKind[];
    }
  | { kind: 'confirm'; subscriptionId: string }
  | { kind: 'pause'; subscriptionId: string }
  | { kind: 'resume'; subscriptionId: string }
  | { kind: 'disable'; subscriptionId: string; reason: string }
  | { kind: 'delete'; subscriptionId: string }
  | { kind: 'erase'; subscriptionId: string };

/**
 * Pure: the events a command produces on a subscription in `state` (undefined: none yet), or an
 * AlertsError. Repeating a command that is already in effect (pause a paused one, confirm twice)
 * produces nothing, so retried clicks and calls are harmless.
 */
export function decide(
  command: SubscriptionCommand,
  state: SubscriptionState | undefined,
): SubscriptionEvent[] {
  const subscriptionId = command.subscriptionId;
  if (command.kind === 'create') {
    if (state) {
      throw new AlertsError('SUBSCRIPTION_EXISTS', `Subscription ${subscriptionId} exists already`, {
        subscriptionId,
      });
    }
    const { kind: _kind, notices, ...data } = command;
    // Only a subscription that opted in says so: the others' events keep their old shape.
    return [{ type: 'SubscriptionCreated', data: notices.length > 0 ? { ...data, notices } : data }];
  }
  if (command.kind === 'erase') {
    // A deleted subscription may still be erased (unsubscribed first, then asked to be forgotten).
    if (!state) throw AlertsError.subscriptionNotFound(subscriptionId);
    if (state.erased) return [];
    return [{ type: 'SubscriptionErased', data: { subscriptionId, fields: ['target', 'contact'] } }];
  }
  if (!state || state.status === 'deleted') throw AlertsError.subscriptionNotFound(subscriptionId);
  const refuse = (why: string): never => {
    throw new AlertsError('SUBSCRIPTION_STATE', `Subscription ${subscriptionId} ${why}`, {
      subscriptionId,
      status: state.status,
    });
  };
  switch (command.kind) {
    case 'confirm':
      return state.status === 'pending-confirmation'
        ? [{ type: 'SubscriptionConfirmed', data: { subscriptionId } }]
        : [];
    case 'pause':
      if (state.status === 'paused') return [];
      if (state.status !== 'active')
        return refuse(`is ${state.status}: only an active subscription can be paused`);
      return [{ type: 'SubscriptionPaused', data: { subscriptionId } }];
    case 'resume':
      if (state.status === 'active') return [];
      if (state.status === 'pending-confirmation') return refuse('is not confirmed yet');
      return [{ type: 'SubscriptionResumed', data: { subscriptionId } }];
    case 'disable':
      if (state.status === 'disabled') return [];
      return [{ type: 'SubscriptionDisabled', data: { subscriptionId, reason: command.reason } }];
    case 'delete':
      return [{ type: 'SubscriptionDeleted', data: { subscriptionId } }];
  }
}

/** Pure: the state after one more event of the stream. */
export function evolve(
  state: SubscriptionState | undefined,
  event: SubscriptionEvent,
): SubscriptionState | undefined {
  if (event.type === 'SubscriptionCreated') {
    const { subscriptionId, confirmed, channel, filters, mode, ownerKeyId, notices } = event.data;
    return {
      id: subscriptionId,
      channel,
      filters,
      mode,
      ownerKeyId,
      notices: notices ?? [],
      status: confirmed ? 'active' : 'pending-confirmation',
      disabledReason: null,
      erased: false,
    };
  }
  if (!state) return state;
  switch (event.type) {
    case 'SubscriptionConfirmed':
      return state.status === 'pending-confirmation' ? { ...state, status: 'active' } : state;
    case 'SubscriptionPaused':
      return { ...state, status: 'paused' };
    case 'SubscriptionResumed':
      return { ...state, status: 'active', disabledReason: null };
    case 'SubscriptionDisabled':
      return { ...state, status: 'disabled', disabledReason: event.data.reason };
    case 'SubscriptionDeleted':
      return { ...state, status: 'deleted' };
    case 'SubscriptionErased':
      return { ...state, status: 'deleted', erased: true };
  }
}

/** The subscription stream's decider, as the command handler runs it. */
export const subscriptionDecider: Decider<
  SubscriptionCommand,
  SubscriptionState | undefined,
  SubscriptionEvent
> = {
  initialState: () => undefined,
  evolve,
  decide,
};
