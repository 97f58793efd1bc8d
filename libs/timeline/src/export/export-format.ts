import type { TimelineEntry } from '../timeline-entry';
import { cleanEntry } from './clean-entry';
import { renderAtom } from './export-atom';
import type { ExportContext } from './export-context';
import { renderCsv } from './export-csv';
import { renderIcs } from './export-ics';
import { renderJson } from './export-json';
import { renderTimelineJs } from './export-timelinejs';

export const EXPORT_FORMATS = ['json', 'csv', 'ics', 'atom', 'timelinejs'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface RenderedExport {
  /** For an HTTP Content-Type header; every format is UTF-8. */
  contentType: string;
  /** File name extension, without the dot. */
  extension: string;
  body: string;
}

type Renderer = (entries: readonly TimelineEntry[], context: ExportContext) => string;

const FORMATS: Record<ExportFormat, { contentType: string; extension: string; render: Renderer }> = {
  json: { contentType: 'application/json; charset=utf-8', extension: 'json', render: renderJson },
  csv: { contentType: 'text/csv; charset=utf-8; header=present', extension: 'csv', render: renderCsv },
  ics: { contentType: 'text/calendar; charset=utf-8', extension: 'ics', render: renderIcs },
  atom: { contentType: 'application/atom+xml; charset=utf-8', extension: 'atom', render: renderAtom },
  // Its own extension, so it never overwrites a plain JSON export of the same name.
  timelinejs: {
    contentType: 'application/json; charset=utf-8',
    extension: 'timeline.json',
    render: renderTimelineJs,
  },
};

/**
 * Renders entries (already filtered and sorted by date) in one format, all at once: for a few
 * entries. Large exports go through `streamExport`, which writes the same bytes in slices.
 */
export function renderExport(
  format: ExportFormat,
  entries: readonly TimelineEntry[],
  context: ExportContext,
): RenderedExport {
  const { contentType, extension, render } = FORMATS[format];
  return { contentType, extension, body: render(entries.map(cleanEntry), context) };
}

/** A format's Content-Type and file extension, for a streamed export's headers. */
export function exportFormat(format: ExportFormat): { contentType: string; extension: string } {
  const { contentType, extension } = FORMATS[format];
  return { contentType, extension };
}
