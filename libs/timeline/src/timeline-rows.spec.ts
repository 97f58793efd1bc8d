import { searchTerms } from './timeline-filter';
import {
  addedAt,
  searchGrams,
  searchKey,
  searchMatches,
  searchWords,
  SORT_KEYS_PER_DAY,
  sortKey,
} from './timeline-rows';

describe('sort keys', () => {
  it('order entries by first day, then by when they were added, across months and years', () => {
    const keys = [
      sortKey('1991-01-01', 900),
      sortKey('1991-01-31', 5),
      sortKey('1991-02-01', 1),
      sortKey('1991-12-31', 7),
      sortKey('1992-01-01', 3),
      sortKey('1992-01-01', 4),
      sortKey('9999-12-31', SORT_KEYS_PER_DAY - 1),
    ];
    expect([...keys].sort((a, b) => a - b)).toEqual(keys);
    expect(keys.every(Number.isSafeInteger)).toBe(true);
  });

  it('give back the position of the EntryAdded event, and refuse one they cannot hold', () => {
    expect(addedAt(sortKey('2026-03-05', 123_456))).toBe(123_456);
    expect(() => sortKey('2026-03-05', SORT_KEYS_PER_DAY)).toThrow(RangeError);
    expect(() => sortKey('2026-03-05', 0)).toThrow(RangeError);
  });

  it('are negated in the search tables while the entry is retracted', () => {
    expect(searchKey(42, 'active')).toBe(42);
    expect(searchKey(42, 'retracted')).toBe(-42);
  });
});

describe('search words', () => {
  it('keep every term a search can have, once: no term spans whitespace', () => {
    const text = 'border patrol\nborder\u00a0guards  «100%»\n中亚边境 中亚';
    const words = searchWords(text);
    expect(words).toBe('border\npatrol\nguards\n«100%»\n中亚边境\n中亚');
    for (const term of searchTerms('border rp der patrol «1 %» 亚边 边境 guards orde')) {
      expect([term, words.includes(term)]).toEqual([term, text.includes(term)]);
    }
  });
});

describe('search grams', () => {
  it('are the distinct characters and adjacent pairs, without whitespace, in code points', () => {
    expect(searchGrams('中亚 中亚\n😀a').split(' ').sort()).toEqual(
      ['g4e2d', 'g4e9a', 'g4e2dx4e9a', 'g1f600', 'g61', 'g1f600x61'].sort(),
    );
  });

  it('hold a token for every term of one or two characters in the text, and none for others', () => {
    const text = 'kz – 中亚边境 «100%_»';
    const tokens = new Set(searchGrams(text).split(' '));
    for (const term of ['k', 'kz', 'zk', '–', '中亚', '亚中', '亚', '«1', '%', '%_', '_»', 'x']) {
      const present = searchMatches([term]).grams!;
      expect([term, tokens.has(present)]).toEqual([term, text.includes(term)]);
    }
  });
});

describe('search matches', () => {
  it('quote terms of three or more characters as phrases, doubling quotes, and give shorter ones as grams', () => {
    expect(searchMatches(searchTerms('Pipeline "Peace 中亚 a'))).toEqual({
      trigrams: '"pipeline" AND """peace"',
      grams: 'g4e2dx4e9a AND g61',
    });
  });

  it('count characters, not UTF-16 units: two emoji are a short term', () => {
    expect(searchMatches(['😀😀'])).toEqual({ grams: 'g1f600x1f600' });
    expect(searchMatches(['😀😀😀'])).toEqual({ trigrams: '"😀😀😀"' });
  });

  it('leave LIKE wildcards and FTS5 syntax as text', () => {
    expect(searchMatches(['100%_', 'near(', '*', 'and'])).toEqual({
      trigrams: '"100%_" AND "near(" AND "and"',
      grams: 'g2a',
    });
  });
});
