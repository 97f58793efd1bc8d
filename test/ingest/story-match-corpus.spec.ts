import { assessRelevance, extractFields, matchStory, type StoryEvidence, storyEvidence } from '@app/ingest';

import { type Half, readCorpus, readSplit } from '../eval/relevance-corpus';

// Cross-language "same story" on real reports of the same events (the corpus's `story` slugs):
// every pair of relevant items in two different languages, evidence taken through the product's
// own extraction, judged by matchStory. Figures per half are printed; the floors are what the
// test half reaches today, less a margin, so a change that makes matching worse fails here.

interface Judged {
  pairs: number;
  precision: number;
  recall: number;
  strong: { right: number; wrong: number };
}

function judge(half: Half): Judged {
  const split = readSplit();
  const ids = new Set(split[half]);
  const reports = readCorpus()
    .filter((item) => item.relevant && ids.has(item.id))
    .map((item) => {
      const text = {
        title: item.title,
        excerpt: item.description,
        publishedAt: `${item.publishedAt}T12:00:00.000Z`,
        publishedAtEstimated: false,
        language: item.language,
      };
      const evidence: StoryEvidence = storyEvidence(
        extractFields(text, assessRelevance(text)),
        text.publishedAt,
      );
      return { item, evidence };
    });
  let found = 0;
  let wrong = 0;
  let missed = 0;
  const strong = { right: 0, wrong: 0 };
  for (const [i, a] of reports.entries()) {
    for (const b of reports.slice(i + 1)) {
      if (a.item.language === b.item.language) continue;
      const same = a.item.story !== null && a.item.story === b.item.story;
      const match = matchStory(a.evidence, b.evidence);
      if (match.likely && same) found += 1;
      else if (match.likely) wrong += 1;
      else if (same) missed += 1;
      if (match.strong) strong[same ? 'right' : 'wrong'] += 1;
    }
  }
  return {
    pairs: found + missed,
    precision: found / Math.max(1, found + wrong),
    recall: found / Math.max(1, found + missed),
    strong,
  };
}

describe('the same story in another language, on real reports', () => {
  it('suggests most cross-language reports of one event, and few of different events', () => {
    const tuning = judge('tune');
    const test = judge('test');
    process.stdout.write(
      `same story across languages: tuning ${JSON.stringify(tuning)}\n  test ${JSON.stringify(test)}\n`,
    );
    expect(test.pairs).toBeGreaterThanOrEqual(30);
    expect(test.precision).toBeGreaterThanOrEqual(0.8);
    expect(test.recall).toBeGreaterThanOrEqual(0.45);
  });
});
