import { assessRelevance, lexiconEvidence } from './relevance-scorer';

const text = (title: string) => ({
  title,
  excerpt: `${title}. Officials confirmed the plan on Monday.`,
  language: 'en',
  publishedAt: '2026-03-02T10:00:00.000Z',
  publishedAtEstimated: false,
});

describe('lexiconEvidence', () => {
  it('is the evidence assessRelevance weighs, whether or not the text was scored a moment before', () => {
    const relevant = text('China and Tajikistan hold joint counter-terrorism drills near the Afghan border');
    const fresh = lexiconEvidence(relevant);
    const { matched, verdict } = assessRelevance(relevant, { model: null });
    expect(verdict).not.toBe('irrelevant');
    expect(fresh).toEqual(matched);
    // Remembered now: the same evidence, and a copy a caller may change without changing the next.
    const remembered = lexiconEvidence(relevant);
    expect(remembered).toEqual(matched);
    remembered.pop();
    expect(lexiconEvidence(relevant)).toEqual(matched);
    const other = text('Kazakhstan opens a new metro line');
    expect(lexiconEvidence(other)).toEqual(assessRelevance(other, { model: null }).matched);
  });
});
