import type { StoredEvent } from '@app/event-store';

import type { EntryEvent } from './entry-events';
import type { TimelineEntry } from './timeline-entry';
import { CATEGORY_LABELS, COUNTRIES } from './vocabulary';

/**
 * Pure: an entry as readers see it, after one more event of its stream. Both the read model and
 * "as of" queries are folds of this one function, so they cannot disagree.
 */
export function applyToView(view: TimelineEntry | undefined, event: StoredEvent): TimelineEntry | undefined {
  const e = event as unknown as StoredEvent & EntryEvent;
  const touched = { updatedAt: event.recordedAt, version: event.streamVersion };
  switch (e.type) {
    case 'EntryAdded': {
      const { entryId, origin: _origin, sources, ...fields } = e.data;
      return {
        id: entryId,
        ...fields,
        sources,
        status: 'active',
        recordedAt: event.recordedAt,
        ...touched,
      };
    }
    case 'EntryAmended':
      return view && { ...view, ...e.data.changes, ...touched };
    case 'SourceAttached':
      return view && { ...view, sources: [...view.sources, e.data.source], ...touched };
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

/** What `q` searches: lower-cased, so matching is case-insensitive in every script. */
export function searchText(entry: TimelineEntry): string {
  return [
    entry.title,
    entry.summary,
    ...entry.actors,
    ...entry.countries.map((c) => `${c} ${COUNTRIES[c]}`),
    ...entry.categories.map((c) => CATEGORY_LABELS[c]),
    ...entry.sources.flatMap((s) => [s.title, s.publisher ?? '']),
  ]
    .join('\n')
    .toLowerCase();
}
