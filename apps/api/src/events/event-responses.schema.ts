import { z } from 'zod';

/** One event of the log as the log stores it (StoredEvent of @app/event-store), for OpenAPI. */
const storedEvent = z.strictObject({
  position: z.number().int(),
  eventId: z.string(),
  streamId: z.string(),
  streamVersion: z.number().int(),
  type: z.string(),
  schemaVersion: z.number().int(),
  data: z.record(z.string(), z.unknown()).describe('what the event says, by its type'),
  metadata: z
    .looseObject({
      actor: z.string().optional().describe('key:<id>, seed or system:<component>'),
      commandId: z.string().optional(),
      correlationId: z.string().optional(),
      causationId: z.string().optional(),
      source: z.string().optional(),
    })
    .describe('who wrote it and why; writers may add their own fields'),
  recordedAt: z.string(),
  prevHash: z.string(),
  hash: z.string(),
});

export const eventPageResponse = z.strictObject({
  events: z.array(storedEvent),
  next: z
    .strictObject({ after: z.number().int() })
    .nullable()
    .describe('the query for the next page; null when this page is the last'),
});
