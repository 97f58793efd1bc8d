import { TitleIndex, MAX_COMPARED_PER_TOKEN } from './title-index';
import { NEAR_DUPLICATE_THRESHOLD, titleSimilarity, titleTokens } from './title-fingerprint';

const at = Date.parse('2026-11-30T08:00:00Z');

describe('the title index', () => {
  it('finds every title at least as similar as the threshold, as comparing with all of them would', () => {
    const pool = [
      'China and Tajikistan hold joint counter-terrorism drills near Afghan border',
      'Tajikistan, China stage joint anti-terror exercise near Afghan border',
      'China, Tajikistan hold joint drills near the Afghan border',
      'Kazakhstan and China sign agreement on border security cooperation',
      'Kazakhstan, China sign border security cooperation agreement',
      '中国与塔吉克斯坦举行联合反恐演习',
      '塔吉克斯坦与中国举行联合反恐演习',
      'Китай и Таджикистан провели совместные антитеррористические учения',
      'Таджикистан и Китай провели совместные антитеррористические учения',
      'Xi Jinping meets Tokayev in Astana',
    ];
    const index = new TitleIndex();
    pool.forEach((title, i) =>
      index.add({ candidateId: `c${i}`, rejected: false, tokens: titleTokens(title), at }),
    );
    for (const title of pool) {
      const tokens = titleTokens(title);
      const expected = pool
        .map((other, i) => ({
          candidateId: `c${i}`,
          similarity: titleSimilarity(tokens, titleTokens(other)),
        }))
        .filter((m) => m.similarity >= NEAR_DUPLICATE_THRESHOLD)
        .sort((a, b) => a.candidateId.localeCompare(b.candidateId));
      const found = index
        .matches(tokens, at)
        .filter((m) => m.similarity >= NEAR_DUPLICATE_THRESHOLD)
        .map(({ candidateId, similarity }) => ({ candidateId, similarity }))
        .sort((a, b) => a.candidateId.localeCompare(b.candidateId));
      expect(found).toEqual(expected);
    }
  });

  it('compares an item with a bounded number of titles however many share its words', () => {
    const index = new TitleIndex();
    // 5,000 different stories that share every word but their number: one bucket per token.
    for (let i = 0; i < 5_000; i += 1) {
      index.add({
        candidateId: `c${i}`,
        rejected: false,
        tokens: titleTokens(`Osh Naryn Khorgos report ${i}`),
        at,
      });
    }
    const tokens = titleTokens('Osh Naryn Khorgos report 99999');
    expect(index.matches(tokens, at).length).toBeLessThanOrEqual(MAX_COMPARED_PER_TOKEN * tokens.length);
  });

  it('compares only titles within the window of days', () => {
    const index = new TitleIndex();
    const tokens = titleTokens('China and Tajikistan hold joint counter-terrorism drills');
    index.add({ candidateId: 'old', rejected: false, tokens, at: at - 4 * 86_400_000 });
    index.add({ candidateId: 'near', rejected: true, tokens, at: at + 2 * 86_400_000 });
    expect(index.matches(tokens, at)).toEqual([{ candidateId: 'near', rejected: true, similarity: 1 }]);
  });
});
