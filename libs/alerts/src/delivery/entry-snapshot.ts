import type { StoredEvent } from '@app/event-store';
import type { EntryEvent, TimelineEntry } from '@app/timeline';

/**
 * Pure: an entry as it stood after the given events of its stream (oldest first). What a
 * subscriber is sent is the entry right after the event it is told about, whatever came later, so
 * a retried or replayed delivery says the same thing. (The timeline folds its read model the same
 * way; alerts folds here rather than call into the timeline's services.)
 */
export function entrySnapshot(stream: readonly StoredEvent[]): TimelineEntry | undefined {
  let entry: TimelineEntry | undefined;
  for (const event of stream) {
    const e = event as unknown as StoredEvent & EntryEvent;
    const touched = { updatedAt: event.recordedAt, version: event.streamVersion };
    switch (e.type) {
      case 'EntryAdded': {
        const { entryId, origin: _origin, sources, ...fields } = e.data;
        entry = {
          id: entryId,
          ...fields,
          sources,
          status: 'active',
          recordedAt: event.recordedAt,
          ...touched,
        };
        break;
      }
      case 'EntryAmended':
        entry = entry && { ...entry, ...e.data.changes, ...touched };
        break;
      case 'SourceAttached':
        entry = entry && { ...entry, sources: [...entry.sources, e.data.source], ...touched };
        break;
      case 'EntryRetracted':
        entry = entry && {
          ...entry,
          status: 'retracted',
          retraction: {
            reason: e.data.reason,
            by: String(event.metadata.actor ?? 'unknown'),
            at: event.recordedAt,
          },
          ...touched,
        };
        break;
    }
  }
  return entry;
}
