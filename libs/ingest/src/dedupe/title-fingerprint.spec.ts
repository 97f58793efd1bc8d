import {
  jaccard,
  NEAR_DUPLICATE_THRESHOLD,
  prefixTokens,
  titleSimilarity,
  titleTokens,
} from './title-fingerprint';

const similarity = (a: string, b: string) => titleSimilarity(titleTokens(a), titleTokens(b));

describe('title fingerprints', () => {
  it('finds the same story told by another outlet, in English, Russian and Chinese', () => {
    const same: [string, string][] = [
      [
        'China and Tajikistan hold joint counter-terrorism drills near Afghan border',
        'Tajikistan, China stage joint anti-terror exercise near Afghan border',
      ],
      [
        'Kazakhstan and China sign agreement on border security cooperation',
        'Kazakhstan, China sign border security cooperation agreement',
      ],
      [
        'Китай и Таджикистан провели совместные антитеррористические учения',
        'Таджикистан и Китай провели совместные антитеррористические учения у афганской границы',
      ],
      ['中国与塔吉克斯坦举行联合反恐演习', '塔吉克斯坦与中国举行联合反恐演习'],
    ];
    for (const [a, b] of same) expect(similarity(a, b)).toBeGreaterThanOrEqual(NEAR_DUPLICATE_THRESHOLD);
  });

  it('tells different stories apart, even when they share most words', () => {
    const different: [string, string][] = [
      ['China and Kyrgyzstan hold joint drills', 'China and Tajikistan hold joint drills'],
      [
        'Kazakhstan and China sign agreement on border security cooperation',
        'Uzbekistan and China sign agreement on police training',
      ],
      ['Xi Jinping meets Tokayev in Astana', 'Xi Jinping meets Mirziyoyev in Samarkand'],
      ['Пограничники Казахстана и Китая провели совместный патруль', 'В Бишкеке прошел саммит ШОС'],
    ];
    for (const [a, b] of different) expect(similarity(a, b)).toBeLessThan(NEAR_DUPLICATE_THRESHOLD);
  });

  it('folds case, punctuation, ё and word endings; splits Chinese into character pairs', () => {
    expect(titleTokens('Казахстана')).toEqual(titleTokens('КАЗАХСТАН'));
    expect(titleTokens('«Ёлка»')).toEqual(titleTokens('елка'));
    expect(titleTokens('Border drills')).toEqual(titleTokens('border drill.'));
    expect(new Set(titleTokens('反恐演习'))).toEqual(new Set(['反恐', '恐演', '演习']));
    expect(titleTokens('The of and')).toEqual([]);
  });

  it('computes Jaccard similarity', () => {
    expect(jaccard(['a', 'b', 'c'], ['b', 'c', 'd'])).toBe(0.5);
    expect(jaccard([], [])).toBe(0);
  });

  it('never misses a pair above the threshold by looking only at prefix tokens', () => {
    // Every pair of titles from a small pool: when similar enough, their prefixes share a token.
    const pool = [
      'China and Tajikistan hold joint counter-terrorism drills near Afghan border',
      'Tajikistan, China stage joint anti-terror exercise near Afghan border',
      'China, Tajikistan hold joint drills near the Afghan border',
      'Joint drills near Afghan border: China and Tajikistan',
      'Kazakhstan and China sign agreement on border security cooperation',
      'Kazakhstan, China sign border security cooperation agreement',
      '中国与塔吉克斯坦举行联合反恐演习',
      '塔吉克斯坦与中国举行联合反恐演习',
      'Китай и Таджикистан провели совместные антитеррористические учения',
      'Таджикистан и Китай провели совместные антитеррористические учения',
    ];
    let checked = 0;
    for (const a of pool) {
      for (const b of pool) {
        const [x, y] = [titleTokens(a), titleTokens(b)];
        if (jaccard(x, y) < NEAR_DUPLICATE_THRESHOLD) continue;
        const prefix = new Set(prefixTokens(x, NEAR_DUPLICATE_THRESHOLD));
        expect(prefixTokens(y, NEAR_DUPLICATE_THRESHOLD).some((t) => prefix.has(t))).toBe(true);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(pool.length);
  });
});
