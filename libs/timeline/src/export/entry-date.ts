// Pure (no zod, no Node): the browser pages bundle this file too.
import { dateBounds, dayAfter, firstDay, MONTH_NAMES } from '../partial-date';
import type { EntryDate } from '../vocabulary/vocabulary';

/** One side of an entry date, at the granularity its source gives. */
export interface DateParts {
  year: number;
  month?: number;
  day?: number;
}

const DATE_PATTERN = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** Splits `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; throws on anything else so a bad date never exports silently. */
export function parseDateParts(value: string): DateParts {
  const match = DATE_PATTERN.exec(value);
  if (!match) throw new Error(`Not an entry date (YYYY, YYYY-MM or YYYY-MM-DD): "${value}"`);
  const [, year, month, day] = match;
  const parts: DateParts = { year: Number(year) };
  if (month !== undefined) parts.month = Number(month);
  if (day !== undefined) parts.day = Number(day);
  return parts;
}

/**
 * The days an entry date covers on a calendar (`YYYY-MM-DD`, end exclusive): day, month and year
 * cover that whole unit; a range runs from its start to the end of its end (each side at its own
 * granularity); an ongoing development is drawn on its first day only, since a calendar event
 * cannot be open-ended. (Filtering treats ongoing as open-ended instead: `dateBounds` in
 * entry-fields.ts.)
 */
export function calendarDays(date: EntryDate): { first: string; lastExclusive: string } {
  if (date.precision !== 'ongoing') return dateBounds(date);
  const first = firstDay(date.start);
  return { first, lastExclusive: dayAfter(first) };
}

/**
 * A human, precision-aware date: "3 April 2024", "April 2024", "2008 – 2012", "Since 2016"
 * ("since 2016" with `{ midSentence: true }`, as the pages show it beside other text).
 */
export function formatEntryDate(date: EntryDate, { midSentence = false } = {}): string {
  const start = formatDateParts(parseDateParts(date.start));
  switch (date.precision) {
    case 'range':
      return date.end === undefined ? start : `${start} – ${formatDateParts(parseDateParts(date.end))}`;
    case 'ongoing':
      return `${midSentence ? 'since' : 'Since'} ${start}`;
    default:
      return start;
  }
}

export function formatDateParts({ year, month, day }: DateParts): string {
  if (month === undefined) return String(year);
  const monthYear = `${MONTH_NAMES[month - 1] ?? `Month ${month}`} ${year}`;
  return day === undefined ? monthYear : `${day} ${monthYear}`;
}

/** One partial date as words: `2024-04` → "April 2024", `2024-04-12` → "12 April 2024". */
export function formatPartialDate(value: string): string {
  return formatDateParts(parseDateParts(value));
}
