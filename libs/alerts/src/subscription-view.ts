import type {
  NoticeKind,
  SubscriptionChannel,
  SubscriptionFilters,
  SubscriptionMode,
} from './subscription-events';

export type SubscriptionStatus = 'pending-confirmation' | 'active' | 'paused' | 'disabled' | 'deleted';

export const SUBSCRIPTION_STATUSES: readonly SubscriptionStatus[] = [
  'pending-confirmation',
  'active',
  'paused',
  'disabled',
  'deleted',
];

/** A subscription as the API, the CLI and the senders see it (never with its secrets). */
export interface SubscriptionView {
  id: string;
  channel: SubscriptionChannel;
  target: string;
  filters: SubscriptionFilters;
  mode: SubscriptionMode;
  status: SubscriptionStatus;
  /** Why it was disabled (a 410, a failing endpoint, an operator); null unless disabled. */
  disabledReason: string | null;
  ownerKeyId: string | null;
  /** Operational notices it gets besides alerts (admins' subscriptions only). */
  notices: NoticeKind[];
  contact: string | null;
  createdAt: string;
}
