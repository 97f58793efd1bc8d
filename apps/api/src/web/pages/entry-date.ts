// Dates as the pages show them: libs/timeline's own formatter (the one exports use), bundled in,
// so the pages cannot drift from the server. "since 2016" stands mid-sentence on the pages.
import {
  formatEntryDate as formatDate,
  formatPartialDate,
} from '../../../../../libs/timeline/src/export/entry-date';
import type { EntryDate } from '../../../../../libs/timeline/src/vocabulary/vocabulary';

export {
  dayAfter as dayAfterOf,
  firstDay as firstDayOf,
  partialDateProblem,
} from '../../../../../libs/timeline/src/partial-date';

/** "April 2024", "2008 – 2012", "since 2016"; '' for no date. */
export function formatEntryDate(date: EntryDate | undefined): string {
  return date ? formatDate(date, { midSentence: true }) : '';
}

/** One partial date as words: `2024-04` → "April 2024", `2024-04-12` → "12 April 2024". */
export const formatPart = formatPartialDate;
