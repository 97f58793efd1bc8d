import type { StoredEvent } from '@app/event-store';

import type { EntryEvent } from './entry-events';
import type { CitedSource, SourceRef, TimelineEntry } from './timeline-entry';
import { CATEGORY_LABELS, COUNTRIES } from './vocabulary';

/**
 * Pure: an entry as readers see it, after one more event of its stream. Both the read model and
 * "as of" queries are folds of this one function, so they cannot disagree. Old events are upcast
 * here: an EntryAdded from before places existed has `places: []`.
 */
export function applyToView(view: TimelineEntry | undefined, event: StoredEvent): TimelineEntry | undefined {
  const e = event as unknown as StoredEvent & EntryEvent;
  const touched = { updatedAt: event.recordedAt, version: event.streamVersion };
  switch (e.type) {
    case 'EntryAdded': {
      const { entryId, origin: _origin, sources, places, ...fields } = e.data;
      return {
        id: entryId,
        ...fields,
        places: places ?? [],
        sources: citeSources([], sources),
        status: 'active',
        recordedAt: event.recordedAt,
        ...touched,
      };
    }
    case 'EntryAmended':
      return view && { ...view, ...e.data.changes, places: e.data.changes.places ?? view.places, ...touched };
    case 'SourceAttached':
      return view && { ...view, sources: citeSources(view.sources, [e.data.source]), ...touched };
    case 'EntryRetracted':
      return (
        view && {
          ...view,
          status: 'retracted',
          retraction: {
            reason: e.data.reason,
            by: String(event.metadata.actor ?? 'unknown'),
            at: event.recordedAt,
          },
          ...touched,
        }
      );
    default:
      return view;
  }
}

/** Pure: an entry as it stood after these events of its stream (oldest first). */
export function foldEntry(stream: readonly StoredEvent[]): TimelineEntry | undefined {
  return stream.reduce<TimelineEntry | undefined>(applyToView, undefined);
}

/**
 * Pure: `cited` with `added` citations folded in, each document once. Citations of one seed
 * document, or of one URL, are one source; their quotes are listed in the order they were cited.
 */
export function citeSources(cited: readonly CitedSource[], added: readonly SourceRef[]): CitedSource[] {
  const result = cited.map((source) => ({ ...source, quotes: [...source.quotes] }));
  const byKey = new Map(result.map((source) => [sourceKey(source), source]));
  for (const source of added) {
    const quote =
      source.origin.kind === 'seed' && source.origin.quote !== undefined
        ? [{ sourceId: source.id, locator: source.origin.locator, text: source.origin.quote }]
        : [];
    const same = byKey.get(sourceKey(source));
    if (same) {
      same.quotes.push(...quote);
      continue;
    }
    const view: CitedSource = { ...source, quotes: quote };
    result.push(view);
    byKey.set(sourceKey(source), view);
  }
  return result;
}

/** What makes two citations one source: the seed document, else the URL, else the citation itself. */
function sourceKey(source: SourceRef): string {
  if (source.origin.kind === 'seed') return `seed:${source.origin.document}`;
  return source.url ? `url:${source.url}` : `id:${source.id}`;
}

/**
 * What `q` searches, lower-cased, so matching is case-insensitive in every script: the entry's own
 * text and every source's title, publisher, quotes, excerpt and note.
 */
export function searchText(entry: TimelineEntry): string {
  return [
    entry.title,
    entry.summary,
    ...entry.actors,
    ...entry.countries.map((c) => `${c} ${COUNTRIES[c]}`),
    ...entry.categories.map((c) => CATEGORY_LABELS[c]),
    ...entry.places.map((p) => p.name),
    ...entry.sources.flatMap((s) => [
      s.title,
      s.publisher ?? '',
      ...s.quotes.map((q) => q.text),
      s.excerpt ?? '',
      s.origin.kind === 'manual' ? (s.origin.note ?? '') : '',
    ]),
  ]
    .join('\n')
    .toLowerCase();
}
