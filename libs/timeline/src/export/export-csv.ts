import { stringify } from 'csv-stringify/sync';

import type { TimelineEntry } from '../timeline-entry';
import { entryUrl, type ExportContext } from './export-context';

export const CSV_COLUMNS = [
  'id',
  'date_start',
  'date_end',
  'date_precision',
  'title',
  'summary',
  'countries',
  'actors',
  'categories',
  'places',
  'place_coordinates',
  'sources',
  'source_count',
  'publishers',
  'source_urls',
  'quotes',
  'status',
  'recorded_at',
  'updated_at',
  'version',
  'url',
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

/** Multi-valued cells are joined with this, so a cell never needs a second level of quoting. */
export const CSV_LIST_SEPARATOR = ';';

/**
 * One row per entry, RFC 4180 quoting (commas, quotes and newlines survive), CRLF line ends.
 * The file starts with a UTF-8 byte order mark: without it Excel reads the file in the local
 * ANSI code page and Cyrillic and Chinese text turns into mojibake.
 */
export function renderCsv(entries: readonly TimelineEntry[], context: ExportContext): string {
  const rows = entries.map((entry): Record<CsvColumn, string> => ({
    id: entry.id,
    date_start: entry.date.start,
    date_end: entry.date.end ?? '',
    date_precision: entry.date.precision,
    title: neutraliseFormula(entry.title),
    summary: neutraliseFormula(entry.summary),
    countries: entry.countries.join(CSV_LIST_SEPARATOR),
    actors: neutraliseFormula(entry.actors.join(CSV_LIST_SEPARATOR)),
    categories: entry.categories.join(CSV_LIST_SEPARATOR),
    places: entry.places.map((place) => place.name).join(CSV_LIST_SEPARATOR),
    // Positional with `places`: "latitude longitude" in decimal degrees (WGS 84).
    place_coordinates: entry.places.map((place) => `${place.lat} ${place.lon}`).join(CSV_LIST_SEPARATOR),
    // Each source once, however often the entry quotes it (see CitedSource).
    sources: neutraliseFormula(entry.sources.map((source) => source.title).join(CSV_LIST_SEPARATOR)),
    source_count: String(entry.sources.length),
    // Positional with `sources`, as are the URLs: a source without one leaves an empty slot.
    publishers: neutraliseFormula(
      entry.sources.map((source) => source.publisher ?? '').join(CSV_LIST_SEPARATOR),
    ),
    source_urls: entry.sources.map((source) => source.url ?? '').join(CSV_LIST_SEPARATOR),
    // Quotes hold any punctuation: one a line, `[n]` the position of its source in `sources`.
    quotes: neutraliseFormula(
      entry.sources
        .flatMap((source, i) => source.quotes.map((quote) => `[${i + 1}] ${quote.locator}: ${quote.text}`))
        .join('\n'),
    ),
    status: entry.status,
    recorded_at: entry.recordedAt,
    updated_at: entry.updatedAt,
    version: String(entry.version),
    url: entryUrl(context, entry.id),
  }));
  return stringify(rows, {
    bom: true,
    header: true,
    columns: [...CSV_COLUMNS],
    record_delimiter: 'windows',
  });
}

/**
 * Free text from news feeds reaches spreadsheets: a cell starting with `=`, `+`, `-`, `@` or a
 * control character would run as a formula in Excel (CSV injection, OWASP). A leading apostrophe
 * makes it plain text there; every other cell round-trips unchanged.
 */
export function neutraliseFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}
