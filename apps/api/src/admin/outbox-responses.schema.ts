import { z } from 'zod';

/** What the outbox routes answer (OutboxSummary and OutboxMessage of @app/alerts), for OpenAPI. */
const outboxSummary = z.strictObject({
  id: z.string(),
  to: z.string(),
  subject: z.string(),
  date: z.string(),
});

export const outboxListResponse = z.strictObject({ messages: z.array(outboxSummary) });

export const outboxMessageResponse = outboxSummary.extend({
  headers: z.record(z.string(), z.string()),
  text: z.string(),
});
