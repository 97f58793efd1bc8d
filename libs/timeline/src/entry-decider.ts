import type { Decider } from '@app/event-store';
import type { EntryEvent, EntryOrigin } from './entry-events';
import type { EntryFields } from './entry-fields';
import { TimelineError } from './timeline.error';
import type { SourceRef } from './timeline-entry';

/** What the decider needs to know of an entry: its fields, sources and whether it stands. */
export interface EntryState {
  entryId: string;
  fields: EntryFields;
  sources: SourceRef[];
  retracted: boolean;
  /** The version of its stream: how many events it has. */
  version: number;
}

export type EntryCommand =
  | { kind: 'add'; entryId: string; fields: EntryFields; sources: SourceRef[]; origin: EntryOrigin }
  | {
      kind: 'amend';
      entryId: string;
      changes: Partial<EntryFields>;
      reason: string;
      /** The version the editor saw: the amendment is refused when the entry moved on since. */
      expectedVersion?: number;
    }
  | { kind: 'attach-source'; entryId: string; source: SourceRef }
  /** `undo`: the retraction withdraws an approval undone within UNDO_WINDOW (alerts send nothing for it). */
  | { kind: 'retract'; entryId: string; reason: string; undo?: boolean };

/** Pure: the events a command produces from the entry's current state, or a TimelineError. */
export function decide(command: EntryCommand, state: EntryState | undefined): EntryEvent[] {
  if (command.kind === 'add') {
    if (state) throw new TimelineError('ENTRY_EXISTS', `Entry ${command.entryId} exists already`);
    if (command.sources.length === 0) {
      throw new TimelineError('INVALID_ENTRY', 'An entry cites at least one source', { field: 'sources' });
    }
    return [
      {
        type: 'EntryAdded',
        data: {
          entryId: command.entryId,
          ...command.fields,
          sources: command.sources,
          origin: command.origin,
        },
      },
    ];
  }
  if (!state)
    throw new TimelineError('ENTRY_NOT_FOUND', `No entry ${command.entryId}`, { entryId: command.entryId });
  if (state.retracted) throw new TimelineError('ENTRY_RETRACTED', `Entry ${command.entryId} was retracted`);
  switch (command.kind) {
    case 'amend': {
      if (command.expectedVersion !== undefined && command.expectedVersion !== state.version) {
        throw new TimelineError(
          'ENTRY_MOVED_ON',
          `Entry ${command.entryId} is at version ${state.version}, not ${command.expectedVersion}: reload it and amend again`,
          { entryId: command.entryId, version: state.version, expectedVersion: command.expectedVersion },
        );
      }
      const changes = changedFields(state.fields, command.changes);
      if (Object.keys(changes).length === 0)
        throw new TimelineError('NO_CHANGE', 'The amendment changes nothing');
      return [{ type: 'EntryAmended', data: { entryId: command.entryId, changes, reason: command.reason } }];
    }
    case 'attach-source': {
      const duplicate = state.sources.some(
        (s) => s.id === command.source.id || (s.url !== undefined && s.url === command.source.url),
      );
      if (duplicate) throw new TimelineError('NO_CHANGE', 'The entry cites this source already');
      return [{ type: 'SourceAttached', data: { entryId: command.entryId, source: command.source } }];
    }
    case 'retract':
      return [
        {
          type: 'EntryRetracted',
          data: { entryId: command.entryId, reason: command.reason, ...(command.undo ? { undo: true } : {}) },
        },
      ];
  }
}

/** Pure: the state after one more event. */
export function evolve(state: EntryState | undefined, event: EntryEvent): EntryState | undefined {
  switch (event.type) {
    case 'EntryAdded': {
      const { entryId, sources, origin: _origin, ...fields } = event.data;
      return { entryId, fields, sources, retracted: false, version: 1 };
    }
    case 'EntryAmended':
      return (
        state && { ...state, fields: { ...state.fields, ...event.data.changes }, version: state.version + 1 }
      );
    case 'SourceAttached':
      return (
        state && { ...state, sources: [...state.sources, event.data.source], version: state.version + 1 }
      );
    case 'EntryRetracted':
      return state && { ...state, retracted: true, version: state.version + 1 };
  }
}

/** Only the fields whose values differ (compared as JSON, so list order counts). */
function changedFields(current: EntryFields, proposed: Partial<EntryFields>): Partial<EntryFields> {
  const changes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(proposed)) {
    // Entries recorded before places existed have none: `[]` changes nothing there.
    const before = current[key as keyof EntryFields] ?? (key === 'places' ? [] : undefined);
    if (value !== undefined && JSON.stringify(value) !== JSON.stringify(before)) {
      changes[key] = value;
    }
  }
  return changes;
}

/** The entry stream's decider, as the command handler runs it. */
export const entryDecider: Decider<EntryCommand, EntryState | undefined, EntryEvent> = {
  initialState: () => undefined,
  evolve,
  decide,
};
