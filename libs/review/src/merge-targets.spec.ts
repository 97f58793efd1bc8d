import type { ProposedFields } from '@app/ingest';

import { type MergeTarget, rankMergeTargets } from './merge-targets';

const proposed: ProposedFields = {
  title: 'Китай и Таджикистан провели антитеррористические учения в ГБАО',
  summary: 'Учения прошли в Горно-Бадахшанской области.',
  date: { start: '2026-03-04', precision: 'day' },
  countries: ['CN', 'TJ'],
  actors: ["People's Armed Police (China)"],
  categories: ['military-exercise', 'counter-terrorism'],
};

const target = (over: Partial<MergeTarget>): MergeTarget => ({
  kind: 'candidate',
  id: 'c-en',
  title: 'Chinese and Tajik forces hold counter-terrorism drill in Gorno-Badakhshan',
  date: { start: '2026-03-05', precision: 'day' },
  countries: ['CN', 'TJ'],
  actors: ["People's Armed Police (China)"],
  categories: ['military-exercise', 'counter-terrorism'],
  recordedAt: '2026-03-05T10:00:00.000Z',
  wordMatch: false,
  ...over,
});

describe('rankMergeTargets', () => {
  it('puts a report of the same event in another language first, as likely the same story', () => {
    const ranked = rankMergeTargets(proposed, [
      target({
        id: 'c-other',
        countries: ['CN', 'KG'],
        title: 'Kyrgyz drill',
        recordedAt: '2026-03-06T00:00:00.000Z',
      }),
      target({}),
    ]);
    expect(ranked.map((t) => [t.id, t.likelySameStory])).toEqual([
      ['c-en', true],
      ['c-other', false],
    ]);
  });

  it('never calls a report about another Central Asian state the same story', () => {
    const [other] = rankMergeTargets(proposed, [target({ countries: ['CN', 'KZ'] })]);
    expect(other?.likelySameStory ?? false).toBe(false);
  });
});
