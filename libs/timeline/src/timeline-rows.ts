import type { TimelineEntry } from './timeline-entry';
import type { DatePrecision } from './vocabulary';

export const ENTRY_COLUMNS =
  'id, title, summary, date_start, date_end, date_precision, first_day, last_day_exclusive, countries, actors, ' +
  'categories, sources, status, retraction, recorded_at, updated_at, version';

export interface EntryRow {
  [column: string]: unknown;
  id: string;
  title: string;
  summary: string;
  date_start: string;
  date_end: string | null;
  date_precision: DatePrecision;
  countries: string;
  actors: string;
  categories: string;
  sources: string;
  status: 'active' | 'retracted';
  retraction: string | null;
  recorded_at: string;
  updated_at: string;
  version: number | string;
}

export function fromEntryRow(row: EntryRow): TimelineEntry {
  return {
    id: row.id,
    title: row.title,
    summary: row.summary,
    date: {
      start: row.date_start,
      ...(row.date_end ? { end: row.date_end } : {}),
      precision: row.date_precision,
    },
    countries: JSON.parse(row.countries) as TimelineEntry['countries'],
    actors: JSON.parse(row.actors) as string[],
    categories: JSON.parse(row.categories) as TimelineEntry['categories'],
    sources: JSON.parse(row.sources) as TimelineEntry['sources'],
    status: row.status,
    ...(row.retraction ? { retraction: JSON.parse(row.retraction) as TimelineEntry['retraction'] } : {}),
    recordedAt: row.recorded_at,
    updatedAt: row.updated_at,
    version: Number(row.version),
  };
}
