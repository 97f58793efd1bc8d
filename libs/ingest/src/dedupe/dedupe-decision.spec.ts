import { decideDedupe } from './dedupe-decision';

const T = 0.5;

describe('dedupe decisions', () => {
  it('proposes an item nothing resembles', () => {
    expect(decideDedupe(undefined, [], T)).toEqual({ kind: 'propose' });
    expect(decideDedupe(undefined, [{ candidateId: 'c1', rejected: false, similarity: 0.49 }], T)).toEqual({
      kind: 'propose',
    });
  });

  it('never proposes the same GUID or link twice', () => {
    expect(decideDedupe({ candidateId: 'c1', rejected: false, via: 'link' }, [], T)).toEqual({
      kind: 'duplicate',
      candidateId: 'c1',
      via: 'link',
    });
  });

  it('attaches the same story from another outlet to the most similar open candidate', () => {
    const verdict = decideDedupe(
      undefined,
      [
        { candidateId: 'c1', rejected: false, similarity: 0.6 },
        { candidateId: 'c2', rejected: false, similarity: 0.8123 },
        { candidateId: 'c3', rejected: true, similarity: 0.8123 },
      ],
      T,
    );
    expect(verdict).toEqual({ kind: 'corroborate', candidateId: 'c2', similarity: 0.812 });
  });

  it('keeps a rejected item, or its story, rejected', () => {
    expect(decideDedupe({ candidateId: 'c1', rejected: true, via: 'guid' }, [], T)).toEqual({
      kind: 'rejected',
      candidateId: 'c1',
      via: 'guid',
    });
    expect(decideDedupe(undefined, [{ candidateId: 'c3', rejected: true, similarity: 0.9 }], T)).toEqual({
      kind: 'rejected',
      candidateId: 'c3',
      via: 'title',
      similarity: 0.9,
    });
  });
});
