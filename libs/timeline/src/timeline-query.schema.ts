import { queryList, text } from '@app/event-store';
import { z } from 'zod';

import { dayAfter, firstDay, partialDateSchema } from './entry-fields';
import { TimelineError } from './timeline.error';
import { TIMELINE_SORTS, type TimelineFilter } from './timeline-filter';

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

/**
 * The filters of `GET /api/timeline`, its facets, `GET /feed.atom` and `export`, parsed one way
 * everywhere. `from` and `to` are real partial dates (2019-13, 2019-00 and 2019-02-30 are refused,
 * naming the field); `from` after `to` is refused by `toFilter`.
 */
export const timelineQuerySchema = z.object({
  country: queryList(),
  category: queryList(),
  actor: queryList(),
  place: queryList(),
  from: partialDateSchema.optional(),
  to: partialDateSchema.optional(),
  q: text().trim().max(200).optional(),
  asOf: isoTime.optional(),
  sort: z.enum(TIMELINE_SORTS).optional(),
  includeRetracted: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});
export type TimelineQuery = z.output<typeof timelineQuerySchema>;

/** The query as a filter; a `from` after `to` is a TimelineError INVALID_QUERY naming `from`. */
export function toFilter(query: TimelineQuery): TimelineFilter {
  const from = query.from ? firstDay(query.from) : undefined;
  // `to` is inclusive at its own precision: to=2019 takes in all of 2019.
  const toExclusive = query.to ? dayAfter(query.to) : undefined;
  if (from && toExclusive && from >= toExclusive) {
    throw new TimelineError('INVALID_QUERY', `from: must not be after to (${query.from} > ${query.to})`, {
      field: 'from',
    });
  }
  return {
    countries: query.country?.map((c) => c.toUpperCase()),
    categories: query.category,
    actors: query.actor,
    places: query.place,
    from,
    toExclusive,
    q: query.q || undefined,
    includeRetracted: query.includeRetracted,
    sort: query.sort,
  };
}
