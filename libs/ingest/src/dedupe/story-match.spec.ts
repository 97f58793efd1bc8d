import { matchStory, type StoryEvidence } from './story-match';

const report = (over: Partial<StoryEvidence> = {}): StoryEvidence => ({
  countries: ['CN', 'TJ'],
  actors: ["People's Armed Police (China)"],
  places: ['gorno-badakhshan'],
  categories: ['military-exercise', 'counter-terrorism'],
  day: '2026-03-04',
  ...over,
});

describe('matchStory', () => {
  it('takes two reports of one drill, a day apart, as strongly the same story', () => {
    const match = matchStory(report(), report({ day: '2026-03-05' }));
    expect(match).toMatchObject({ likely: true, strong: true, daysApart: 1 });
    expect(match.shared).toEqual({
      states: ['TJ'],
      actors: ["People's Armed Police (China)"],
      places: ['gorno-badakhshan'],
      categories: ['military-exercise', 'counter-terrorism'],
    });
  });

  it('never matches across two different Central Asian states, however much else they share', () => {
    const match = matchStory(report(), report({ countries: ['CN', 'KG'] }));
    expect(match).toMatchObject({ likely: false, strong: false });
  });

  it('never matches reports more than three days apart', () => {
    expect(matchStory(report(), report({ day: '2026-03-08' })).likely).toBe(false);
    expect(matchStory(report(), report({ day: '2026-03-07' })).likely).toBe(true);
  });

  it('does not match on generic evidence alone (a meeting, the same states, the same day)', () => {
    const meeting = report({ actors: [], places: [], categories: ['diplomacy', 'multilateral'] });
    expect(matchStory(meeting, meeting).likely).toBe(false);
  });

  it('suggests but does not attach when the states differ in number (a summit and one state at it)', () => {
    const summit = report({
      countries: ['CN', 'KZ', 'KG', 'TJ', 'UZ'],
      actors: ['Shanghai Cooperation Organisation'],
    });
    const match = matchStory(
      summit,
      report({ countries: ['CN', 'TJ'], actors: ['Shanghai Cooperation Organisation'] }),
    );
    expect(match).toMatchObject({ likely: true, strong: false });
  });
});
