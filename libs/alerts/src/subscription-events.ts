import type { PersonalValue } from './personal/personal-cipher';

/** What a subscription listens for: each non-empty list must match; empty lists match everything. */
export interface SubscriptionFilters {
  /** ISO 3166-1 alpha-2 codes; an entry matches when it names any of them. */
  countries: string[];
  categories: string[];
  /** Exact actor names. */
  actors: string[];
  /** Case-insensitive substrings of the title or summary, in any script. */
  keywords: string[];
}

export type SubscriptionChannel = 'webhook' | 'email';
/** Operational notices a subscription may opt in to (admins' subscriptions only): a feed gone silent. */
export type NoticeKind = 'feed-silence';
export const NOTICE_KINDS: readonly NoticeKind[] = ['feed-silence'];
export type SubscriptionMode = 'instant' | 'daily';

export const SUBSCRIPTION_CHANNELS: readonly SubscriptionChannel[] = ['webhook', 'email'];
export const SUBSCRIPTION_MODES: readonly SubscriptionMode[] = ['instant', 'daily'];

/**
 * The events of a `subscription-<id>` stream (DESIGN.md section 4; the alerts contract). Secrets
 * (webhook signing secrets, email tokens) never go into the log: they live in
 * `subscription_secrets`. Personal data (target, contact) goes in sealed (personal/personal-cipher.ts).
 */
export type SubscriptionEvent =
  | {
      type: 'SubscriptionCreated';
      data: {
        subscriptionId: string;
        channel: SubscriptionChannel;
        /** A URL (webhook) or an address (email), sealed under the subscription's own key. */
        target: PersonalValue;
        filters: SubscriptionFilters;
        mode: SubscriptionMode;
        /** The API key that made it; null when made from the public email form (or the CLI). */
        ownerKeyId: string | null;
        /** An address to tell when the endpoint is disabled, sealed likewise. */
        contact: PersonalValue | null;
        /** False for public email sign-ups until the address is confirmed. */
        confirmed: boolean;
        /** Operational notices it opted in to; absent (none) in events before notices existed. */
        notices?: NoticeKind[];
      };
    }
  | { type: 'SubscriptionConfirmed'; data: { subscriptionId: string } }
  | { type: 'SubscriptionPaused'; data: { subscriptionId: string } }
  | { type: 'SubscriptionResumed'; data: { subscriptionId: string } }
  | { type: 'SubscriptionDisabled'; data: { subscriptionId: string; reason: string } }
  | { type: 'SubscriptionDeleted'; data: { subscriptionId: string } }
  /** Its key and every operational copy of its personal data are gone; the fields read as erased. */
  | { type: 'SubscriptionErased'; data: { subscriptionId: string; fields: string[] } };

export type SubscriptionEventType = SubscriptionEvent['type'];

export const SUBSCRIPTION_EVENT_TYPES: readonly SubscriptionEventType[] = [
  'SubscriptionCreated',
  'SubscriptionConfirmed',
  'SubscriptionPaused',
  'SubscriptionResumed',
  'SubscriptionDisabled',
  'SubscriptionDeleted',
  'SubscriptionErased',
];

export const subscriptionStreamId = (subscriptionId: string): string => `subscription-${subscriptionId}`;
