import { entryFieldsSchema } from '@app/timeline';

import type { ItemText } from './item-text';
import { extractFields, MAX_SUMMARY_LENGTH, MAX_TITLE_LENGTH } from './field-extractor';
import { assessRelevance } from './relevance-scorer';

/** given an item, when its fields are extracted (after relevance), then … */
const given = (title: string, excerpt = '', publishedAt = '2025-06-15T08:00:00Z'): ItemText => ({
  title,
  excerpt,
  publishedAt,
  publishedAtEstimated: false,
});
const whenExtracted = (item: ItemText) => extractFields(item, assessRelevance(item));

describe('field extraction', () => {
  it('proposes China first, then the Central Asian states, actors, categories and the event date', () => {
    const fields = whenExtracted(
      given(
        'Wang Xiaohong visits Tashkent, signs police cooperation plan',
        'China’s public security minister met President Mirziyoyev on 11 June; the plan covers counter-terrorism and joint training of Uzbek police.',
      ),
    );
    expect(fields).toEqual({
      title: 'Wang Xiaohong visits Tashkent, signs police cooperation plan',
      summary:
        'China’s public security minister met President Mirziyoyev on 11 June; the plan covers counter-terrorism and joint training of Uzbek police.',
      date: { start: '2025-06-11', precision: 'day' },
      countries: ['CN', 'UZ'],
      actors: ['Wang Xiaohong', 'Shavkat Mirziyoyev'],
      categories: expect.arrayContaining(['policing', 'counter-terrorism', 'diplomacy']) as string[],
      places: [{ id: 'tashkent', name: 'Tashkent', lat: 41.31, lon: 69.28 }],
    });
    expect(fields.categories[0]).toBe('policing');
  });

  it('proposes the places of the gazetteer an item names, in any script', () => {
    const fields = whenExtracted(
      given(
        'Китайские и таджикские пограничники провели учения в Горно-Бадахшанской области',
        'Учения у Ваханского коридора.',
      ),
    );
    expect(fields.places?.map((place) => place.id)).toEqual(expect.arrayContaining(['gorno-badakhshan']));
  });

  it('proposes multilateral for the SCO, with its Central Asian members when none is named', () => {
    const fields = whenExtracted(
      given('Совет РАТС ШОС обсудил борьбу с терроризмом', 'Делегация КНР представила доклад.'),
    );
    expect(fields.countries).toEqual(['CN', 'KZ', 'KG', 'TJ', 'UZ']);
    expect(fields.categories).toEqual(expect.arrayContaining(['counter-terrorism', 'multilateral']));
    expect(fields.actors).toEqual(['SCO Regional Anti-Terrorist Structure']);
  });

  it('proposes all five for the China–Central Asia format', () => {
    const fields = whenExtracted(given('中国—中亚峰会通过安全合作宣言', '各方将共同打击恐怖主义。'));
    expect(fields.countries).toEqual(['CN', 'KZ', 'KG', 'TJ', 'TM', 'UZ']);
    expect(fields.categories).toEqual(expect.arrayContaining(['multilateral', 'counter-terrorism']));
    expect(fields.actors).toEqual(['China–Central Asia Cooperation Mechanism']);
  });

  it('adds another country only when it is clearly there', () => {
    const passing = whenExtracted(
      given('China funds Tajik border posts', 'The posts are on the frontier with Afghanistan.'),
    );
    expect(passing.countries).toEqual(['CN', 'TJ']);
    const central = whenExtracted(
      given('China funds Tajik posts on the Afghan border', 'The posts face Afghanistan.'),
    );
    expect(central.countries).toEqual(['CN', 'TJ', 'AF']);
  });

  it('shortens a long title and summary at a word or sentence, and marks the cut', () => {
    const long = 'China and Kazakhstan hold border talks '.repeat(10);
    const sentences = 'Chinese and Kyrgyz police met in Osh. '.repeat(30);
    const fields = whenExtracted(given(long, sentences));
    expect(fields.title.length).toBeLessThanOrEqual(MAX_TITLE_LENGTH);
    expect(fields.title.endsWith('…')).toBe(true);
    expect(fields.summary.length).toBeLessThanOrEqual(MAX_SUMMARY_LENGTH);
    expect(fields.summary.endsWith('Osh.')).toBe(true);
  });

  it('never leaves the summary or title empty', () => {
    expect(whenExtracted(given('  China,\n Tajikistan  sign border deal ', '')).summary).toBe(
      'China, Tajikistan sign border deal',
    );
    expect(whenExtracted(given('', 'Police of China and Kazakhstan met. More follows.')).title).toBe(
      'Police of China and Kazakhstan met.',
    );
  });

  it('always passes the timeline schema, even for an item that matched nothing', () => {
    for (const item of [given('Weather', ''), given('中哈贸易额创新高', ''), given('Учения ОДКБ', '')]) {
      expect(entryFieldsSchema.safeParse(whenExtracted(item)).error).toBeUndefined();
    }
    expect(whenExtracted(given('Weather', 'Sunny.'))).toMatchObject({
      countries: ['CN'],
      categories: ['diplomacy'],
    });
  });
});
