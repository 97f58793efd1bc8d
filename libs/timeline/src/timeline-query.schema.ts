import { text } from '@app/event-store';
import { z } from 'zod';

import { dayAfter, firstDay } from './entry-fields';
import type { TimelineFilter } from './timeline-filter';

/** `country=KZ&country=CN` and `country=KZ,CN` mean the same. */
const list = z.preprocess(
  (value) =>
    value === undefined
      ? undefined
      : (Array.isArray(value) ? value : [value])
          .flatMap((item) => String(item).split(','))
          .map((item) => item.trim())
          .filter(Boolean),
  z.array(text().max(200)).max(50).optional(),
);

const partialDate = text().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'must be YYYY, YYYY-MM or YYYY-MM-DD');

const isoTime = text()
  .regex(
    /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/,
    'must be an ISO-8601 time',
  )
  .refine((value) => !Number.isNaN(Date.parse(value)), 'must be an ISO-8601 time')
  // A bare date means the end of that day (UTC): "as the timeline stood on 2026-03-01".
  .transform((value) =>
    value.length === 10 ? new Date(Date.parse(`${value}T23:59:59.999Z`)) : new Date(value),
  );

/** The filters of `GET /api/timeline`, `GET /feed.atom` and `export`, parsed one way everywhere. */
export const timelineQuerySchema = z.object({
  country: list,
  category: list,
  actor: list,
  from: partialDate.optional(),
  to: partialDate.optional(),
  q: text().trim().max(200).optional(),
  asOf: isoTime.optional(),
  includeRetracted: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});
export type TimelineQuery = z.output<typeof timelineQuerySchema>;

export function toFilter(query: TimelineQuery): TimelineFilter {
  return {
    countries: query.country?.map((c) => c.toUpperCase()),
    categories: query.category,
    actors: query.actor,
    from: query.from ? firstDay(query.from) : undefined,
    // `to` is inclusive at its own precision: to=2019 takes in all of 2019.
    toExclusive: query.to ? dayAfter(query.to) : undefined,
    q: query.q || undefined,
    includeRetracted: query.includeRetracted,
  };
}
