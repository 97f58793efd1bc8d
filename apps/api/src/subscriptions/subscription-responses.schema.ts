import { NOTICE_KINDS, SUBSCRIPTION_STATUSES } from '@app/alerts';
import { z } from 'zod';

/** A subscription as the routes answer it (SubscriptionView of @app/alerts, never with its secrets), for OpenAPI. */
export const subscriptionResponse = z.strictObject({
  id: z.uuid(),
  channel: z.enum(['webhook', 'email']),
  target: z.string(),
  filters: z.strictObject({
    countries: z.array(z.string()),
    categories: z.array(z.string()),
    actors: z.array(z.string()),
    keywords: z.array(z.string()),
  }),
  mode: z.enum(['instant', 'daily']),
  status: z.enum(SUBSCRIPTION_STATUSES as [string, ...string[]]),
  disabledReason: z.string().nullable().describe('why it was disabled; null unless disabled'),
  ownerKeyId: z.string().nullable(),
  contact: z.string().nullable(),
  notices: z
    .array(z.enum(NOTICE_KINDS as [string, ...string[]]))
    .describe('operational notices it gets besides alerts (admin-owned subscriptions only)'),
  createdAt: z.string(),
});

/** A new subscription: a webhook's signing secret is in this answer only. */
export const createdSubscriptionResponse = subscriptionResponse.extend({
  secret: z.string().optional().describe('a webhook’s whsec_ signing secret, in this answer only'),
});

export const subscriptionListResponse = z.strictObject({ subscriptions: z.array(subscriptionResponse) });
