import { text, visibleText } from '@app/event-store';
import { z } from 'zod';

import type { SourceRef } from './timeline-entry';
import {
  CATEGORIES,
  COUNTRIES,
  type CountryCode,
  DATE_PRECISIONS,
  type Place,
  placeById,
  placeRef,
} from './vocabulary';

import { dateBounds, dayAfterUtc, firstDay, PARTIAL_DATE } from './partial-date';

export { dateBounds, dayAfter, firstDay } from './partial-date';

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
