import type { TimelineEntry } from '@app/timeline';

import type { OperationalNotice } from '../notices/notice';
import type { SubscriptionView } from '../subscription-view';

/** Every ChannelSender of the product (webhook and email); the delivery processor picks by channel. */
export const CHANNEL_SENDERS = Symbol('CHANNEL_SENDERS');

/** One change of the timeline a subscriber is told about. */
export interface AlertItem {
  kind: 'added' | 'amended' | 'retracted';
  eventId: string;
  position: number;
  recordedAt: string;
  /** The entry as it stood right after this event. */
  entry: TimelineEntry;
  /** For 'amended': the fields that changed, with their new values. */
  changes?: Record<string, unknown>;
  /** For 'amended' and 'retracted': the reviewer's reason. */
  reason?: string;
}

export interface SendRequest {
  /** Stable across retries and replays: the Standard Webhooks `webhook-id`, the base of the Message-ID. */
  deliveryId: string;
  /** 1 for the first attempt; counts on across retries and replays. */
  attempt: number;
  subscription: SubscriptionView;
  /** One, or a digest's many; none for a notice. */
  items: AlertItem[];
  /** Set instead of items when the delivery is an operational notice. */
  notice?: OperationalNotice;
  links: { entry(id: string): string; unsubscribe: string | null };
}

export type SendOutcome =
  | { kind: 'delivered'; statusCode?: number; detail?: string }
  | { kind: 'retry'; detail: string; statusCode?: number; retryAfterMs?: number }
  /** Final for this delivery. */
  | { kind: 'failed'; detail: string; statusCode?: number }
  /** The endpoint is gone: the subscription is disabled. */
  | { kind: 'gone'; detail: string; statusCode?: number };

export interface ChannelSender {
  readonly channel: 'webhook' | 'email';
  send(request: SendRequest): Promise<SendOutcome>;
}

/**
 * Optional (the email side provides it): the one-click unsubscribe link for a subscription, since
 * only the email side can mint its tokens (they are stored hashed). Without it `links.unsubscribe`
 * is null.
 */
export const UNSUBSCRIBE_LINKS = Symbol('UNSUBSCRIBE_LINKS');
export interface UnsubscribeLinks {
  link(subscription: SubscriptionView): Promise<string | null>;
}

/**
 * Optional (the email side provides it when SMTP is configured): tells a subscription's `contact`
 * that its endpoint was disabled, and why. Without it the disabling is logged and visible in the API.
 */
export const OWNER_NOTIFIER = Symbol('OWNER_NOTIFIER');
export interface OwnerNotifier {
  subscriptionDisabled(subscription: SubscriptionView, reason: string): Promise<void>;
}
