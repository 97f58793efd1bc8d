import type { TimelineEntry } from '../timeline-entry';
import { CATEGORY_LABELS } from '../vocabulary';
import { formatEntryDate, parseDateParts, type DateParts } from './entry-date';
import { exportTitle, type ExportContext } from './export-context';
import { entryDetailsHtml, escapeHtml } from './html';

/** The TimelineJS3 JSON format (https://timeline.knightlab.com/docs/json-format.html), the parts we use. */
export interface TimelineJsData {
  title: { text: TimelineJsText };
  events: TimelineJsEvent[];
}

export interface TimelineJsText {
  /** HTML: TimelineJS sets it as innerHTML. */
  headline: string;
  /** HTML. */
  text: string;
}

export type TimelineJsDate = DateParts;

export interface TimelineJsEvent {
  unique_id: string;
  start_date: TimelineJsDate;
  end_date?: TimelineJsDate;
  text: TimelineJsText;
  group?: string;
  display_date: string;
  /** Off: our text already carries its links, and TimelineJS would wrap URLs inside them again. */
  autolink: false;
}

export function toTimelineJs(entries: readonly TimelineEntry[], context: ExportContext): TimelineJsData {
  return {
    title: timelineJsTitle(entries.length, context),
    events: entries.map((entry) => {
      const category = entry.categories[0];
      return {
        unique_id: entry.id,
        start_date: parseDateParts(entry.date.start),
        // An ongoing development has no end yet: TimelineJS shows it at its start, and
        // display_date says "Since ...".
        ...(entry.date.precision === 'range' && entry.date.end !== undefined
          ? { end_date: parseDateParts(entry.date.end) }
          : {}),
        text: { headline: escapeHtml(entry.title), text: entryDetailsHtml(entry, { withDate: false }) },
        ...(category === undefined ? {} : { group: CATEGORY_LABELS[category] }),
        display_date: formatEntryDate(entry.date),
        autolink: false,
      };
    }),
  };
}

export function renderTimelineJs(entries: readonly TimelineEntry[], context: ExportContext): string {
  return `${JSON.stringify(toTimelineJs(entries, context), null, 2)}\n`;
}

/** The title slide: the export's title and how many entries it holds. */
export function timelineJsTitle(entries: number, context: ExportContext): TimelineJsData['title'] {
  const count = `${entries} ${entries === 1 ? 'entry' : 'entries'}`;
  return {
    text: {
      headline: escapeHtml(exportTitle(context)),
      text: escapeHtml(context.asOf ? `${count}, as of ${context.asOf.toISOString()}` : count),
    },
  };
}
