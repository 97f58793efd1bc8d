import { type FilterableEntry, matchesFilters, normaliseFilters } from './subscription-filters';

const entry = (over: Partial<FilterableEntry> = {}): FilterableEntry => ({
  title: 'Kazakh and Chinese border guards hold joint patrol at Khorgos',
  summary: 'Пограничники Казахстана и Китая провели совместное патрулирование. 中哈边境联合巡逻。',
  countries: ['KZ', 'CN'],
  categories: ['border-security'],
  actors: ['Border Service of Kazakhstan'],
  ...over,
});
const filters = normaliseFilters;

describe('subscription filters', () => {
  it('given empty filters, every entry matches', () => {
    expect(matchesFilters(filters({}), entry())).toBe(true);
  });

  it('given countries, an entry matches when it names any of them', () => {
    expect(matchesFilters(filters({ countries: ['tj', 'KZ'] }), entry())).toBe(true);
    expect(matchesFilters(filters({ countries: ['TJ'] }), entry())).toBe(false);
  });

  it('given several lists, each must match', () => {
    const wanted = filters({ countries: ['KZ'], categories: ['policing'] });
    expect(matchesFilters(wanted, entry())).toBe(false);
    expect(matchesFilters(wanted, entry({ categories: ['policing', 'diplomacy'] }))).toBe(true);
    expect(matchesFilters(filters({ actors: ['border service of kazakhstan'] }), entry())).toBe(true);
    expect(matchesFilters(filters({ actors: ['SCO RATS'] }), entry())).toBe(false);
  });

  it('given keywords, any one found in the title or summary matches, whatever the case or script', () => {
    expect(matchesFilters(filters({ keywords: ['KHORGOS'] }), entry())).toBe(true);
    expect(matchesFilters(filters({ keywords: ['nothing', 'пограничники'] }), entry())).toBe(true);
    expect(matchesFilters(filters({ keywords: ['联合巡逻'] }), entry())).toBe(true);
    expect(matchesFilters(filters({ keywords: ['ＫＨＯＲＧＯＳ'] }), entry())).toBe(true); // full-width
    expect(matchesFilters(filters({ keywords: ['Dushanbe'] }), entry())).toBe(false);
    // Keywords look at the text only, not at the actors.
    expect(matchesFilters(filters({ keywords: ['Service of'] }), entry())).toBe(false);
  });

  it('stores filters trimmed, without blanks or repeats, country codes in capitals', () => {
    expect(filters({ countries: [' kz', 'KZ', ''], keywords: ['SCO', 'sco ', '  '] })).toEqual({
      countries: ['KZ'],
      categories: [],
      actors: [],
      keywords: ['SCO'],
    });
  });
});
