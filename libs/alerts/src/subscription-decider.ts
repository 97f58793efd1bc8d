import type { Decider } from '@app/event-store';
import { AlertsError } from './alerts.error';
import type {
  SubscriptionChannel,
  SubscriptionEvent,
  SubscriptionFilters,
  SubscriptionMode,
} from './subscription-events';
import type { SubscriptionView } from './subscription-view';

/** A subscription as its stream folds up: the view, less when it was created (the log's time). */
export type SubscriptionState = Omit<SubscriptionView, 'createdAt'>;

export type SubscriptionCommand =
  | {
      kind: 'create';
      subscriptionId: string;
      channel: SubscriptionChannel;
      target: string;
      filters: SubscriptionFilters;
      mode: SubscriptionMode;
      ownerKeyId: string | null;
      contact: string | null;
      confirmed: boolean;
    }
  | { kind: 'confirm'; subscriptionId: string }
  | { kind: 'pause'; subscriptionId: string }
  | { kind: 'resume'; subscriptionId: string }
  | { kind: 'disable'; subscriptionId: string; reason: string }
  | { kind: 'delete'; subscriptionId: string };

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
    const { kind: _kind, ...data } = command;
    return [{ type: 'SubscriptionCreated', data }];
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
    const { subscriptionId, confirmed, ...rest } = event.data;
    return {
      id: subscriptionId,
      ...rest,
      status: confirmed ? 'active' : 'pending-confirmation',
      disabledReason: null,
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
