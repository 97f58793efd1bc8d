import { anchorOf, compileTerm, foldForMatching, lowerForMatching, sameStem } from './term-pattern';

/** given a lexicon term, when it is matched against a text, then these stretches match. */
const matches = (term: string, text: string): string[] => {
  const { regex, lowerCase, stems } = compileTerm(term);
  const subject = lowerCase ? lowerForMatching(foldForMatching(text)) : foldForMatching(text);
  const found = [...subject.matchAll(regex)]
    .filter((m) =>
      stems.every((stem, i) => m.groups?.[`s${i}`] === undefined || sameStem(m.groups[`s${i}`]!, stem)),
    )
    .map((m) => text.slice(m.index, m.index + m[0].length));
  // The literal prefilter must never hide a match.
  const anchor = anchorOf(term);
  if (found.length > 0 && anchor !== null) expect(lowerForMatching(foldForMatching(text))).toContain(anchor);
  return found;
};

describe('lexicon terms', () => {
  it('match Russian stems in every case, on Cyrillic word edges', () => {
    expect(matches('погранич*', 'Пограничники и пограничная служба; непограничный')).toEqual([
      'Пограничники',
      'пограничная',
    ]);
    expect(matches('Китай', 'с Китаем, в Китае, Китаю, Китая; Китайгород')).toEqual([
      'Китаем',
      'Китае',
      'Китаю',
      'Китая',
    ]);
    expect(matches('Астана', 'в Астане, из Астаны; Астахов')).toEqual(['Астане', 'Астаны']);
    expect(matches('учени(е|я|й|ям|ями|ях|и)', 'на учениях; ученик; учения')).toEqual(['учениях', 'учения']);
  });

  it('fold ё to е, so one spelling of a term matches both', () => {
    expect(matches('вооруженн* сил*', 'вооружённых сил')).toEqual(['вооружённых сил']);
  });

  it('match Chinese as substrings, with no word edges', () => {
    expect(matches('反恐', '中哈联合反恐演习')).toEqual(['反恐']);
    expect(matches('/中塔(?!利班)/', '中塔边境；中塔利班')).toEqual(['中塔']);
  });

  it('match a Latin term run into Chinese text, but not inside a Latin word', () => {
    expect(matches('=SCO', '与SCO成员国; SCOPE; SCO')).toEqual(['SCO', 'SCO']);
  });

  it('treat short all-capital terms as case-sensitive acronyms', () => {
    expect(matches('RATS', 'RATS met; rats ran')).toEqual(['RATS']);
    expect(matches('ШОС', 'ШОС и шос')).toEqual(['ШОС']);
    expect(matches('=Osh', 'in Osh, not osh')).toEqual(['Osh']);
  });

  it('let a space or hyphen in a term stand for any spacing or dash', () => {
    expect(matches('counter-terror*', 'counterterrorism, counter-terrorism, counter terror')).toHaveLength(3);
    expect(matches('Nur-Sultan', 'Nur-Sultan and Nur Sultan')).toHaveLength(2);
    expect(matches('Central Asia', 'Central  Asia')).toEqual(['Central  Asia']);
  });

  it('match inflected Russian forms of a name written in the nominative, by Snowball stem', () => {
    const term = 'Министерство общественной безопасности КНР';
    expect(matches(term, 'делегация Министерства общественной безопасности КНР')).toEqual([
      'Министерства общественной безопасности КНР',
    ]);
    expect(matches('Ван Сяохун', 'встреча с Ван Сяохуном')).toEqual(['Ван Сяохуном']);
    expect(matches('Мирзиёев', 'встреча с Мирзиёевым')).toEqual(['Мирзиёевым']);
  });

  it('keep positions, so the reviewer sees the term as written', () => {
    expect(foldForMatching('Пётр’s')).toHaveLength('Пётр’s'.length);
    expect(lowerForMatching('İSTANBUL Ёлка')).toHaveLength('İSTANBUL Ёлка'.length);
  });

  it('name a literal piece each match must contain, so most terms are skipped cheaply', () => {
    expect(anchorOf('Кита(й|я|ю|ем|е)')).toBe('кита');
    expect(anchorOf('Китай')).toBe('кита');
    expect(anchorOf('armou?red vehicle*')).toBe('vehicle');
    expect(anchorOf('Народная вооружённая полиция Китая')).toBe('вооружен');
    expect(anchorOf('/中塔(?!利班)/')).toBeNull();
  });
});
