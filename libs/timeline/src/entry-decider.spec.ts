import { given } from '@app/testing';

import { type EntryCommand, entryDecider } from './entry-decider';
import type { EntryEvent } from './entry-events';
import type { EntryFields } from './entry-fields';
import type { SourceRef } from './timeline-entry';

const fields = (over: Partial<EntryFields> = {}): EntryFields => ({
  title: 'China and Uzbekistan sign security cooperation plan',
  summary: 'The ministers signed a plan for 2024–25.',
  date: { start: '2024-04', precision: 'month' },
  countries: ['CN', 'UZ'],
  actors: ['Wang Xiaohong'],
  categories: ['policing'],
  ...over,
});
const source = (id = 's1'): SourceRef => ({ id, title: 'Eurasianet report', origin: { kind: 'manual' } });

const added: EntryEvent = {
  type: 'EntryAdded',
  data: { entryId: 'e1', ...fields(), sources: [source()], origin: { kind: 'manual' } },
};

describe('entry decisions', () => {
  it('adds a new entry', () => {
    const events = given(entryDecider).when({
      kind: 'add',
      entryId: 'e1',
      fields: fields(),
      sources: [source()],
      origin: { kind: 'manual' },
    })();
    expect(events).toEqual([added]);
  });

  it('refuses to add an entry twice, or without a source', () => {
    const add: EntryCommand = {
      kind: 'add',
      entryId: 'e1',
      fields: fields(),
      sources: [source()],
      origin: { kind: 'manual' },
    };
    expect(given(entryDecider, added).when(add)).toThrow(
      expect.objectContaining({ code: 'ENTRY_EXISTS' }) as Error,
    );
    expect(given(entryDecider).when({ ...add, sources: [] })).toThrow(
      expect.objectContaining({ code: 'INVALID_ENTRY' }) as Error,
    );
  });

  it('records only the fields an amendment really changes', () => {
    const events = given(entryDecider, added).when({
      kind: 'amend',
      entryId: 'e1',
      changes: { title: fields().title, summary: 'Corrected summary.' },
      reason: 'typo in the summary',
    })();
    expect(events).toEqual([
      {
        type: 'EntryAmended',
        data: { entryId: 'e1', changes: { summary: 'Corrected summary.' }, reason: 'typo in the summary' },
      },
    ]);
  });

  it('refuses an amendment that changes nothing', () => {
    const amend: EntryCommand = {
      kind: 'amend',
      entryId: 'e1',
      changes: { title: fields().title },
      reason: 'no-op',
    };
    expect(given(entryDecider, added).when(amend)).toThrow(
      expect.objectContaining({ code: 'NO_CHANGE' }) as Error,
    );
  });

  it('attaches a new source once', () => {
    expect(
      given(entryDecider, added).when({ kind: 'attach-source', entryId: 'e1', source: source('s2') })(),
    ).toHaveLength(1);
    expect(
      given(entryDecider, added).when({ kind: 'attach-source', entryId: 'e1', source: source('s1') }),
    ).toThrow(expect.objectContaining({ code: 'NO_CHANGE' }) as Error);
  });

  it('retracts an entry, after which it cannot be changed', () => {
    const retracted: EntryEvent = {
      type: 'EntryRetracted',
      data: { entryId: 'e1', reason: 'duplicate of e2' },
    };
    expect(
      given(entryDecider, added).when({ kind: 'retract', entryId: 'e1', reason: 'duplicate of e2' })(),
    ).toEqual([retracted]);
    expect(
      given(entryDecider, added, retracted).when({
        kind: 'amend',
        entryId: 'e1',
        changes: { summary: 'x' },
        reason: 'late',
      }),
    ).toThrow(expect.objectContaining({ code: 'ENTRY_RETRACTED' }) as Error);
  });

  it('refuses commands on an entry that does not exist', () => {
    expect(given(entryDecider).when({ kind: 'retract', entryId: 'nope', reason: 'why not' })).toThrow(
      expect.objectContaining({ code: 'ENTRY_NOT_FOUND' }) as Error,
    );
  });
});
