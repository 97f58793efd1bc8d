import { text, visibleText } from '@app/event-store';
import { z } from 'zod';

import type { SourceRef } from './timeline-entry';
import {
  CATEGORIES,
  COUNTRIES,
  type CountryCode,
  DATE_PRECISIONS,
  type EntryDate,
  type Place,
  placeById,
  placeRef,
} from './vocabulary';

const PARTIAL_DATE = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/;

/**
 * `YYYY`, `YYYY-MM` or `YYYY-MM-DD` naming a real day (2019-02-30 is refused). Years are four
 * digits at every precision, 0000 to 9999: 0099 is the year 99, never 1999.
 */
export const partialDateSchema = text()
  .regex(PARTIAL_DATE, 'must be YYYY, YYYY-MM or YYYY-MM-DD (a real month and day)')
  .refine((value) => value.length < 10 || dayAfterUtc(value, 0) === value, 'is not a real date');
const partialDate = partialDateSchema;

const PARTS_FOR: Record<string, number> = { day: 3, month: 2, year: 1 };

/** A date no more precise than its source (see EntryDate). */
export const entryDateSchema = z
  .object({ start: partialDate, end: partialDate.optional(), precision: z.enum(DATE_PRECISIONS) })
  .strict()
  .superRefine((date, ctx) => {
    const parts = PARTS_FOR[date.precision];
    if (parts !== undefined) {
      if (date.start.split('-').length !== parts) {
        ctx.addIssue({
          code: 'custom',
          path: ['start'],
          message: `must have ${parts} part(s) for ${date.precision}`,
        });
      }
      if (date.end !== undefined)
        ctx.addIssue({ code: 'custom', path: ['end'], message: `not allowed for ${date.precision}` });
    } else if (date.precision === 'range') {
      if (date.end === undefined)
        ctx.addIssue({ code: 'custom', path: ['end'], message: 'is required for a range' });
      else if (dateBounds({ ...date }).lastExclusive <= firstDay(date.start)) {
        ctx.addIssue({ code: 'custom', path: ['end'], message: 'must not be before start' });
      }
    } else if (date.end !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['end'], message: 'not allowed for ongoing' });
    }
  });

export const sourceSchema = z
  .object({
    id: text().min(1).max(100),
    title: visibleText().trim().min(1).max(500),
    publisher: text().trim().min(1).max(200).optional(),
    url: text()
      .url()
      .refine((u) => /^https?:\/\//.test(u), 'must be http(s)')
      .optional(),
    publishedAt: partialDate.optional(),
    /** What the source says, in a few lines (a feed item's excerpt): searched, never shown as a quote. */
    excerpt: z.string().max(4000).optional(),
    origin: z.discriminatedUnion('kind', [
      z.object({
        kind: z.literal('seed'),
        document: text().min(1),
        locator: text().min(1),
        quote: text().optional(),
      }),
      z.object({
        kind: z.literal('feed'),
        feedId: text().min(1),
        itemGuid: text().min(1),
        candidateId: text().optional(),
      }),
      z.object({ kind: z.literal('manual'), note: text().max(1000).optional() }),
    ]),
  })
  .strict() satisfies z.ZodType<SourceRef>;

const uniqueList = <T extends z.ZodType<string>>(item: T) =>
  z
    .array(item)
    .min(1)
    .max(50)
    .transform((list) => [...new Set(list)]);

const placeInput = z.union([
  z.string().trim().min(1).max(100),
  z
    .object({
      id: z.string().trim().min(1).max(100),
      name: z.string().optional(),
      lat: z.number().optional(),
      lon: z.number().optional(),
    })
    .strict()
    .transform((p) => p.id),
]);

/** Places as a reviewer names them, checked against the gazetteer, as entries carry them. */
export const placesSchema = z
  .array(
    placeInput
      .refine((id) => placeById(id) !== undefined, 'is not a place of the gazetteer')
      .transform((id): Place => placeRef(placeById(id)!)),
  )
  .max(50)
  .transform((list) => [...new Map(list.map((p) => [p.id, p])).values()]);

/** The fields a reviewer can set or change. Used for new entries, amendments and API input alike. */
export const entryFieldsSchema = z.object({
  title: visibleText().trim().min(1).max(200),
  summary: text().trim().min(1).max(4000),
  date: entryDateSchema,
  countries: uniqueList(
    text()
      .transform((c) => c.toUpperCase())
      .refine((c): c is CountryCode => c in COUNTRIES, 'is not a country code this timeline knows'),
  ),
  actors: z
    .array(text().trim().min(1).max(200))
    .max(50)
    .transform((list) => [...new Set(list)]),
  categories: uniqueList(z.enum(CATEGORIES)),
  /** Ids of the gazetteer's places (or `{ id }`); stored as `{ id, name, lat, lon }`. Optional: older entries have none. */
  places: placesSchema.optional(),
});
export type EntryFields = z.output<typeof entryFieldsSchema>;

/** First day of a partial date: 2024 → 2024-01-01, 2024-04 → 2024-04-01. */
export function firstDay(partial: string): string {
  assertPartialDate(partial);
  return [partial.slice(0, 4), partial.slice(5, 7) || '01', partial.slice(8, 10) || '01'].join('-');
}

/** The day after the last day a partial date covers: 2024 → 2025-01-01, 2024-04 → 2024-05-01. */
export function dayAfter(partial: string): string {
  assertPartialDate(partial);
  return dayAfterUtc(partial, 1);
}

/**
 * The day `days` after the first day of a partial date when it is a full date, else the day after
 * its month or year. Built with setUTCFullYear: Date.UTC reads the years 0–99 as 1900–1999.
 */
function dayAfterUtc(partial: string, days: number): string {
  const [y, m, d] = [
    Number(partial.slice(0, 4)),
    Number(partial.slice(5, 7) || 0),
    Number(partial.slice(8, 10) || 0),
  ];
  const date = new Date(0);
  if (d) date.setUTCFullYear(y, m - 1, d + days);
  else if (m) date.setUTCFullYear(y, m, 1);
  else date.setUTCFullYear(y + 1, 0, 1);
  const year = date.getUTCFullYear();
  // 9999-12-31 has no day after it that fits four digits: 9999-12-31 stays the open end.
  if (year > 9999) return '9999-12-31';
  return `${String(year).padStart(4, '0')}-${String(date.getUTCMonth() + 1).padStart(2, '0')}-${String(date.getUTCDate()).padStart(2, '0')}`;
}

/** Dates are validated when written; this keeps a malformed one from turning into a wrong day. */
function assertPartialDate(value: string): void {
  if (!PARTIAL_DATE.test(value))
    throw new Error(`Not an entry date (YYYY, YYYY-MM or YYYY-MM-DD): "${value}"`);
}

/** The days an entry's date covers, for sorting and for `from`/`to` filters; ongoing runs open-ended. */
export function dateBounds(date: EntryDate): { first: string; lastExclusive: string } {
  const first = firstDay(date.start);
  if (date.precision === 'ongoing') return { first, lastExclusive: '9999-12-31' };
  return { first, lastExclusive: dayAfter(date.end ?? date.start) };
}
