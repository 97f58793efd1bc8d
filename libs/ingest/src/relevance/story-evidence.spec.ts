import { assessRelevance } from './relevance-scorer';
import { extractFields } from './field-extractor';
import type { ItemText } from './item-text';
import { storyEvidence, storyOverlap } from './story-evidence';

const evidence = (title: string, excerpt: string, publishedAt: string) => {
  const item: ItemText = { title, excerpt, publishedAt, publishedAtEstimated: false };
  return storyEvidence(extractFields(item, assessRelevance(item, { model: null })));
};

describe('story evidence', () => {
  it('given one event reported in English, Russian and Chinese, finds the same countries, actors and days', () => {
    const en = evidence(
      'Xi attends SCO summit in Astana',
      'Leaders adopted an anti-terrorism programme on Thursday.',
      '2024-07-04T12:00:00Z',
    );
    const ru = evidence(
      'Си Цзиньпин принял участие в саммите ШОС в Астане',
      'Лидеры приняли программу по борьбе с терроризмом.',
      '2024-07-04T18:00:00Z',
    );
    const zh = evidence('习近平出席上合组织阿斯塔纳峰会', '成员国通过反恐合作纲要。', '2024-07-05T02:00:00Z');
    for (const other of [ru, zh]) {
      const overlap = storyOverlap(en, other);
      expect(overlap.sharedCountries).toEqual(expect.arrayContaining(['CN', 'KZ']));
      expect(overlap.sharedActors).toEqual(
        expect.arrayContaining(['Xi Jinping', 'Shanghai Cooperation Organisation']),
      );
      expect(overlap.daysApart).toBeLessThanOrEqual(1);
      expect(overlap.differentCentralAsianStates).toBe(false);
    }
  });

  it('tells two different Central Asian states apart', () => {
    const tj = evidence('China and Tajikistan hold border drills', '', '2024-07-04T12:00:00Z');
    const kg = evidence('Китай и Кыргызстан провели пограничные учения', '', '2024-07-04T12:00:00Z');
    expect(storyOverlap(tj, kg).differentCentralAsianStates).toBe(true);
  });
});
