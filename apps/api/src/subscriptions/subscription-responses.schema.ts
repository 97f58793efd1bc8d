import { NOTICE_KINDS, SUBSCRIPTION_STATUSES } from '@app/alerts';
import { z } from 'zod';

import { pageFields } from '../http/openapi';

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

/** One delivery with every attempt at sending it (DeliveryWithAttempts of @app/alerts). */
export const deliveryResponse = z.strictObject({
  id: z.string().describe('the webhook-id'),
  eventId: z.string().describe('the event it tells, or the notice’s id'),
  position: z.number().int(),
  entryId: z.string(),
  kind: z.enum(['added', 'amended', 'retracted', 'notice']),
  subscriptionId: z.string(),
  channel: z.enum(['webhook', 'email']),
  status: z.enum(['pending', 'sending', 'delivered', 'failed', 'held', 'digested', 'cancelled']),
  attempts: z.number().int(),
  failures: z.number().int(),
  firstFailedAt: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  leaseUntil: z.string().nullable(),
  lastError: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  digestId: z.string().nullable(),
  attemptLog: z.array(
    z.strictObject({
      attempt: z.number().int(),
      startedAt: z.string(),
      durationMs: z.number(),
      outcome: z.enum(['delivered', 'retry', 'failed', 'gone']),
      statusCode: z.number().int().nullable(),
      detail: z.string().nullable(),
    }),
  ),
});

export const deliveryPageResponse = z.strictObject({ deliveries: z.array(deliveryResponse), ...pageFields });

/** What an erasure answers (ErasureReport of @app/alerts). */
export const erasureResponse = z.strictObject({
  subscriptionId: z.string(),
  erased: z.literal(true),
  outboxMessagesDeleted: z.number().int().describe('mails of the embedded outbox that named the address'),
  plaintextEventPositions: z
    .array(z.number().int())
    .describe('events written before personal data was encrypted: their bytes still hold the old target'),
});
