import { CATEGORIES } from '@app/timeline';
import { z } from 'zod';

import { entryDateResponse } from '../timeline/timeline-responses.schema';

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

/** Whether a feed is silent (FeedSilence of @app/ingest): failing too long, or quiet too long. */
const feedSilenceResponse = z.discriminatedUnion('silent', [
  z.strictObject({ silent: z.literal(false) }),
  z.strictObject({
    silent: z.literal(true),
    kind: z.enum(['failing', 'quiet']),
    since: z.string().describe('when the silence began: the same at every check until the feed recovers'),
    message: z.string(),
  }),
]);

/** GET /api/admin/feeds: every feed with its silence flag, and the policy that sets it. */
export const adminFeedListResponse = z.strictObject({
  policy: z.strictObject({ failingMs: z.number().int(), quietDays: z.number() }),
  feeds: z.array(feedResponse.extend({ silence: feedSilenceResponse })),
});

/** POST /api/feeds/try: each item of the document as the worker would read, score and extract it. */
export const feedTryResponse = z.strictObject({
  url: z.string(),
  registered: z
    .boolean()
    .describe('true when the feed is registered with a title or language, which the trial used'),
  document: z.strictObject({ title: z.string().nullable() }),
  skipped: z
    .number()
    .int()
    .describe('items that could not be used (no title and no link), or repeated within the document'),
  items: z.array(
    z.strictObject({
      guid: z.string(),
      title: z.string(),
      link: z.string().nullable(),
      publishedAt: z.string(),
      language: z.string().nullable(),
      verdict: z.enum([
        'proposed',
        'borderline',
        'corroborates',
        'summarised',
        'duplicate',
        'rejected-before',
        'irrelevant',
        'seen',
        'not-stored',
      ]),
      relevant: z.boolean(),
      score: z.number().nullable(),
      threshold: z.number().nullable(),
      matched: z.array(z.looseObject({})).describe('each matched term and what it contributed'),
      explanation: z.string().nullable(),
      countries: z.array(z.string()),
      categories: z.array(z.enum(CATEGORIES)),
      actors: z.array(z.string()),
      date: entryDateResponse.nullable(),
    }),
  ),
});
