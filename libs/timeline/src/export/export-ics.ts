import ical, { ICalEventStatus, ICalEventTransparency } from 'ical-generator';

import type { TimelineEntry } from '../timeline-entry';
import { calendarDays, formatEntryDate } from './entry-date';
import { entryUrl, exportTitle, type ExportContext } from './export-context';
import { categoryLabels, countryNames, sourceLabel } from './html';

/**
 * iCalendar: one all-day VEVENT per entry spanning the days its date covers (see `calendarDays`;
 * DTEND is exclusive, as RFC 5545 wants for DATE values). Events are transparent, so a history
 * never shows as busy time in a subscriber's calendar.
 */
export function renderIcs(entries: readonly TimelineEntry[], context: ExportContext): string {
  const host = new URL(context.baseUrl).hostname;
  const calendar = ical({
    name: exportTitle(context),
    description: context.asOf ? `As of ${context.asOf.toISOString()}` : null,
    prodId: { company: host, product: 'ca-security-timeline', language: 'EN' },
    url: context.baseUrl,
  });
  for (const entry of entries) {
    const { first, lastExclusive } = calendarDays(entry.date);
    calendar.createEvent({
      id: `${entry.id}@${host}`,
      // Plain `YYYY-MM-DD` strings: all-day dates are written as given, whatever the host's time zone.
      start: first,
      end: lastExclusive,
      allDay: true,
      stamp: context.generatedAt,
      created: new Date(entry.recordedAt),
      lastModified: new Date(entry.updatedAt),
      sequence: entry.version - 1,
      summary: entry.date.precision === 'ongoing' ? `${entry.title} (ongoing)` : entry.title,
      description: icsDescription(entry),
      url: entryUrl(context, entry.id),
      categories: categoryLabels(entry).map((name) => ({ name })),
      status: entry.status === 'retracted' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      transparency: ICalEventTransparency.TRANSPARENT,
    });
  }
  return calendar.toString();
}

function icsDescription(entry: TimelineEntry): string {
  return [
    entry.status === 'retracted'
      ? `Retracted: ${entry.retraction?.reason ?? 'no reason given'}\n`
      : undefined,
    entry.summary,
    '',
    `Date: ${formatEntryDate(entry.date)}`,
    `Countries: ${countryNames(entry).join(', ')}`,
    `Categories: ${categoryLabels(entry).join(', ')}`,
    entry.actors.length > 0 ? `Actors: ${entry.actors.join(', ')}` : undefined,
    'Sources:',
    ...entry.sources.map((source) => `- ${sourceLabel(source)}${source.url ? ` ${source.url}` : ''}`),
  ]
    .filter((line) => line !== undefined)
    .join('\n');
}
