import { z } from 'zod';

/** A feed with its health as the feed routes answer it (FeedView of @app/ingest), for OpenAPI. */
export const feedResponse = z.strictObject({
  id: z.uuid(),
  url: z.string(),
  title: z.string().nullable(),
  language: z.string().nullable(),
  origin: z.enum(['api', 'cli', 'config']),
  status: z.enum(['active', 'paused', 'removed']),
  registeredAt: z.string(),
  registeredBy: z.string(),
  updatedAt: z.string(),
  removedAt: z.string().nullable(),
  removedBy: z.string().nullable(),
  removedReason: z.string().nullable(),
  pausedAt: z.string().nullable(),
  pausedBy: z.string().nullable(),
  pausedReason: z.string().nullable(),
  health: z.strictObject({
    status: z.enum(['pending', 'ok', 'failing', 'gone', 'removed', 'paused']),
    lastPolledAt: z.string().nullable(),
    lastSuccessAt: z.string().nullable(),
    lastHttpStatus: z.number().int().nullable(),
    lastError: z.string().nullable(),
    lastErrorAt: z.string().nullable(),
    consecutiveFailures: z.number().int(),
    nextPollAt: z.string().nullable().describe('null while due at the next opportunity, or not polled'),
    itemsSeen: z.number().int(),
    itemsProposed: z.number().int(),
    itemsCorroborated: z.number().int(),
    lastWarning: z.string().nullable(),
    lastWarningAt: z.string().nullable(),
    lastNewItemAt: z.string().nullable().describe('when a poll last brought a new candidate'),
  }),
});

export const feedListResponse = z.strictObject({ feeds: z.array(feedResponse) });
/** `scheduled` is false while Redis is away: polling starts when it is back. */
export const registeredFeedResponse = feedResponse.extend({ scheduled: z.boolean() });
export const removedFeedResponse = feedResponse.extend({ unscheduled: z.boolean() });
export const pausedFeedResponse = removedFeedResponse;
export const resumedFeedResponse = registeredFeedResponse;
