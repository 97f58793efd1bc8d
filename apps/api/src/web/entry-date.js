// Dates as the pages show them, shared by timeline.js and review.js. (The server's own formatter,
// libs/timeline/src/export/entry-date.ts, writes "Since" in exports; a browser cannot import it.)

const MONTHS = [
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
];

/** `2024-04` → "April 2024", `2024-04-12` → "12 April 2024", `2024` → "2024". */
export function formatPart(value) {
  const [year, month, day] = String(value).split('-');
  const monthName = month ? MONTHS[Number(month) - 1] : undefined;
  if (day && monthName) return `${Number(day)} ${monthName} ${year}`;
  if (monthName) return `${monthName} ${year}`;
  return year;
}

/** A date as precise as its source: "April 2024", "2008 – 2012", "since 2016". */
export function formatEntryDate(date) {
  if (!date) return '';
  if (date.precision === 'range' && date.end) return `${formatPart(date.start)} – ${formatPart(date.end)}`;
  if (date.precision === 'ongoing') return `since ${formatPart(date.start)}`;
  return formatPart(date.start);
}

/**
 * What is wrong with a partial date a reader typed, in plain words, or '' when it is a real date:
 * `2019-13` has no month 13, `2019-02-30` no 30 February. (The API refuses the same with a 400.)
 */
export function partialDateProblem(value) {
  if (!/^\d{4}(-\d{2}(-\d{2})?)?$/.test(value))
    return 'Write a year (2019), a month (2019-06) or a day (2019-06-15).';
  const [year, month, day] = value.split('-').map(Number);
  if (month !== undefined && (month < 1 || month > 12))
    return `There is no month ${String(month).padStart(2, '0')}: months run from 01 to 12.`;
  if (day !== undefined) {
    const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
    if (day < 1 || day > days) return `${MONTHS[month - 1]} ${year} has no day ${day}: it has ${days} days.`;
  }
  return '';
}

/** The first day a partial date covers, as YYYY-MM-DD: `2019` → 2019-01-01. */
export function firstDayOf(value) {
  const [year, month = '01', day = '01'] = String(value).split('-');
  return `${year}-${month}-${day}`;
}

/** The last day a partial date covers, as YYYY-MM-DD: `2019-02` → 2019-02-28. */
export function lastDayOf(value) {
  const [year, month, day] = String(value).split('-').map(Number);
  if (day !== undefined) return firstDayOf(value);
  const last = new Date(Date.UTC(year, month ?? 12, 0));
  return last.toISOString().slice(0, 10);
}
