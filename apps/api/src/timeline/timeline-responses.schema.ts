import { CATEGORIES, DATE_PRECISIONS } from '@app/timeline';
import { z } from 'zod';

import { historyFields, pageFields } from '../http/openapi';

/**
 * What the timeline routes answer, for OpenAPI (TimelineEntry, TimelinePage, EntryWithHistory and
 * TimelineFacets of @app/timeline). Strict, so that a test parsing real answers with them notices a
 * field the documentation misses.
 */
export const placeResponse = z.strictObject({
  id: z.string(),
  name: z.string(),
  lat: z.number(),
  lon: z.number(),
});
const origin = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('seed'),
    document: z.string(),
    locator: z.string(),
    quote: z.string().optional(),
  }),
  z.strictObject({
    kind: z.literal('feed'),
    feedId: z.string(),
    itemGuid: z.string(),
    candidateId: z.string().optional(),
  }),
  z.strictObject({ kind: z.literal('manual'), note: z.string().optional() }),
]);
const source = z.strictObject({
  id: z.string(),
  title: z.string(),
  publisher: z.string().optional(),
  url: z.string().optional(),
  publishedAt: z.string().optional().describe('YYYY-MM-DD'),
  excerpt: z.string().optional(),
  origin,
  quotes: z.array(z.strictObject({ sourceId: z.string(), locator: z.string(), text: z.string() })),
});

export const entryDateResponse = z.strictObject({
  start: z.string(),
  end: z.string().optional(),
  precision: z.enum(DATE_PRECISIONS),
});

export const entryResponse = z.strictObject({
  id: z.uuid(),
  title: z.string(),
  summary: z.string(),
  date: entryDateResponse,
  countries: z.array(z.string()).describe('ISO 3166-1 alpha-2'),
  actors: z.array(z.string()),
  categories: z.array(z.enum(CATEGORIES)),
  places: z.array(placeResponse),
  sources: z.array(source),
  status: z.enum(['active', 'retracted']),
  retraction: z.strictObject({ reason: z.string(), by: z.string(), at: z.string() }).optional(),
  recordedAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});

export const timelinePageResponse = z.strictObject({
  entries: z.array(entryResponse),
  ...pageFields,
  asOf: z.string().optional().describe('set when the page shows the timeline as recorded at a past time'),
});

const fieldChange = z.strictObject({ field: z.string(), before: z.unknown(), after: z.unknown() });

export const entryWithHistoryResponse = z.strictObject({
  entry: entryResponse,
  history: z.array(
    z.strictObject({
      ...historyFields,
      by: z.string(),
      reason: z.string().optional(),
      changes: z.record(z.string(), z.unknown()).optional(),
      diff: z.array(fieldChange).optional(),
      source: z.unknown().optional(),
      candidateId: z.string().optional(),
      approvalEdits: z.array(fieldChange).optional(),
    }),
  ),
});

const facet = z.strictObject({ value: z.string(), count: z.number().int(), label: z.string() });
export const facetsResponse = z.strictObject({
  countries: z.array(facet),
  categories: z.array(facet),
  actors: z.array(z.strictObject({ value: z.string(), count: z.number().int() })),
  places: z.array(facet.extend({ lat: z.number(), lon: z.number() })),
});
