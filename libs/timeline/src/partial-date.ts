// Partial dates (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`) as plain functions: no zod, no Node, so the
// browser pages bundle them too (apps/api/src/web/pages) and say what the API would refuse.
import type { EntryDate } from './vocabulary/vocabulary';

export const PARTIAL_DATE = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/;

export const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

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
export function dayAfterUtc(partial: string, days: number): string {
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

/**
 * What is wrong with a partial date a reader typed, in plain words, or '' when it is a real date:
 * `2019-13` has no month 13, `2019-02-30` no 30 February (the API refuses the same with a 400).
 */
export function partialDateProblem(value: string): string {
  if (!/^\d{4}(-\d{2}(-\d{2})?)?$/.test(value))
    return 'Write a year (2019), a month (2019-06) or a day (2019-06-15).';
  const [year = 0, month, day] = value.split('-').map(Number);
  if (month === undefined) return '';
  if (month < 1 || month > 12)
    return `There is no month ${String(month).padStart(2, '0')}: months run from 01 to 12.`;
  if (day !== undefined) {
    const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
    if (day < 1 || day > days)
      return `${MONTH_NAMES[month - 1]} ${year} has no day ${day}: it has ${days} days.`;
  }
  return '';
}
