import type { SourceOrigin, SourceRef, TimelineEntry } from '../timeline-entry';
import { entryUrl, type ExportContext } from './export-context';

/**
 * The JSON export (the `export --format json` contract): an array of entries, every key always
 * present (absent values are `null`) and always in the same order, so exports diff cleanly.
 */
export function renderJson(entries: readonly TimelineEntry[], context: ExportContext): string {
  const rows = entries.map((entry) => ({
    id: entry.id,
    title: entry.title,
    summary: entry.summary,
    date: { start: entry.date.start, end: entry.date.end ?? null, precision: entry.date.precision },
    countries: [...entry.countries],
    actors: [...entry.actors],
    categories: [...entry.categories],
    places: (entry.places ?? []).map(({ id, name, lat, lon }) => ({ id, name, lat, lon })),
    sources: entry.sources.map(jsonSource),
    status: entry.status,
    retraction: entry.retraction
      ? { reason: entry.retraction.reason, by: entry.retraction.by, at: entry.retraction.at }
      : null,
    recordedAt: entry.recordedAt,
    updatedAt: entry.updatedAt,
    version: entry.version,
    url: entryUrl(context, entry.id),
  }));
  return `${JSON.stringify(rows, null, 2)}\n`;
}

function jsonSource(source: SourceRef) {
  return {
    id: source.id,
    title: source.title,
    publisher: source.publisher ?? null,
    url: source.url ?? null,
    publishedAt: source.publishedAt ?? null,
    origin: jsonOrigin(source.origin),
  };
}

function jsonOrigin(origin: SourceOrigin) {
  switch (origin.kind) {
    case 'seed':
      return {
        kind: origin.kind,
        document: origin.document,
        locator: origin.locator,
        quote: origin.quote ?? null,
      };
    case 'feed':
      return {
        kind: origin.kind,
        feedId: origin.feedId,
        itemGuid: origin.itemGuid,
        candidateId: origin.candidateId ?? null,
      };
    case 'manual':
      return { kind: origin.kind, note: origin.note ?? null };
  }
}
