import { withoutForbiddenCharacters } from '@app/event-store';

import type { TimelineEntry } from '../timeline-entry';

/**
 * The entry with the text rule applied to every string in it (title, summary, actors, sources,
 * retraction...): what no export may carry (NUL, ESC, VT, other controls, lone surrogates) is
 * removed, so a value stored before the rule, or by any other path, can never make an Atom or ICS
 * document malformed or put a control character into a spreadsheet. Clean entries come back as
 * they are, so clean exports do not change by a byte.
 */
export function cleanEntry(entry: TimelineEntry): TimelineEntry {
  return cleanStrings(entry) as TimelineEntry;
}

function cleanStrings(value: unknown): unknown {
  if (typeof value === 'string') return withoutForbiddenCharacters(value);
  if (Array.isArray(value)) return value.map(cleanStrings);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, cleanStrings(field)]));
  }
  return value;
}
