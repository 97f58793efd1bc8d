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
