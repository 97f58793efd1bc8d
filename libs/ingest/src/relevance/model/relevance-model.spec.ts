import { readFileSync } from 'node:fs';

import { assessRelevance } from '../relevance-scorer';
import { relevanceFeatures } from './relevance-features';
import {
  addExample,
  countExamples,
  emptyCounts,
  labelOfRejection,
  type ModelFile,
  type ModelLabel,
  RelevanceModel,
  SHIPPED_MODEL_FILE,
} from './relevance-model';

const base = JSON.parse(readFileSync(SHIPPED_MODEL_FILE, 'utf8')) as ModelFile;
const features = (title: string, excerpt = '') =>
  relevanceFeatures(
    assessRelevance(
      { title, excerpt, publishedAt: '2025-01-01T00:00:00Z', publishedAtEstimated: false },
      { model: null },
    ).matched,
    title,
  );

describe('the relevance model', () => {
  it('reads what a rejection teaches from its reason code; a duplicate teaches nothing', () => {
    expect(labelOfRejection('trade-only')).toBe('trade-only');
    expect(labelOfRejection('not-central-asia')).toBe('not-central-asia');
    expect(labelOfRejection('duplicate')).toBeNull();
    expect(labelOfRejection(undefined)).toBe('other');
  });

  it('given decisions, moves the score of similar items their way, and a later decision undoes an earlier one exactly', () => {
    const trade = features('Kazakhstan and China expand freight at the Khorgos border crossing');
    const before = new RelevanceModel(base).assess(trade).points;
    const counts = emptyCounts();
    for (let i = 0; i < 20; i += 1) addExample(counts, trade, 'trade-only');
    const after = new RelevanceModel(base, counts, 20).assess(trade);
    expect(after.points).toBeLessThan(before);
    expect(after.against).toBe('trade-only');
    for (let i = 0; i < 20; i += 1) addExample(counts, trade, 'trade-only', -1);
    expect(new RelevanceModel(base, counts, 40).assess(trade).points).toBe(before);
  });

  it('trains from 10,000 decisions in well under 5 seconds', () => {
    const titles = [
      'China and Tajikistan hold joint counter-terrorism drills',
      'Kazakhstan and China sign a wheat export deal',
      'Китай и Кыргызстан провели совместные пограничные учения',
      '中国与乌兹别克斯坦签署贸易协定',
    ];
    const sets = titles.map((t) => features(t));
    const labels: ModelLabel[] = ['relevant', 'trade-only', 'relevant', 'trade-only'];
    const started = performance.now();
    const decisions = Array.from({ length: 10_000 }, (_, i) => ({
      features: [...sets[i % 4]!, `h:${i % 4096}`],
      label: labels[i % 4]!,
    }));
    const model = new RelevanceModel(base, countExamples(decisions), decisions.length);
    const elapsed = performance.now() - started;
    expect(model.version).toMatch(/\+10000$/);
    expect(elapsed).toBeLessThan(5_000);
    console.log(`trained from 10,000 decisions in ${Math.round(elapsed)} ms`);
  });
});
