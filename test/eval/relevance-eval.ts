import { writeFileSync } from 'node:fs';

import {
  assessRelevance,
  countExamples,
  type ItemText,
  labelOfNearMiss,
  type ModelFile,
  type ModelLabel,
  type ModelSettings,
  type Relevance,
  RelevanceModel,
  relevanceFeatures,
  readModelFile,
  SHIPPED_MODEL_FILE,
} from '@app/ingest';

import { keywordRule } from './keyword-baseline';
import { type CorpusItem, type Half, readCorpus, readSplit } from './relevance-corpus';
import { updateSplit } from './split-relevance-corpus';

/**
 * `npm run eval:relevance`: the relevance filter on the labelled corpus of real news, through the
 * product's own scoring function (assessRelevance with the shipped model, as `feeds try` and the
 * worker call it), on both halves, beside the keyword rule. Errors are listed for the tuning half
 * only: the test half is for measuring, not for reading.
 *
 * `-- --train` retrains the shipped starting point (relevance-model.json) from the tuning half;
 * `-- --cv` compares model settings by five-fold cross-validation within the tuning half;
 * `-- --split` deals new corpus items to the halves; `-- --json` prints the figures as JSON.
 */
const args = process.argv.slice(2);

const asText = (item: CorpusItem): ItemText => ({
  title: item.title,
  excerpt: item.description,
  language: item.language,
  publishedAt: `${item.publishedAt}T12:00:00Z`,
  publishedAtEstimated: false,
});

const labelOf = (item: CorpusItem): ModelLabel =>
  item.relevant ? 'relevant' : labelOfNearMiss(item.nearMiss);

function examples(items: readonly CorpusItem[]) {
  return items.map((item) => {
    const text = asText(item);
    return {
      features: relevanceFeatures(assessRelevance(text, { model: null }).matched, item.title),
      label: labelOf(item),
    };
  });
}

export function trainModel(
  items: readonly CorpusItem[],
  settings: ModelSettings,
  description: string,
): ModelFile {
  return { format: 'relevance-model/1', description, settings, counts: countExamples(examples(items)) };
}

interface Figures {
  n: number;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

function figures(pairs: readonly { truth: boolean; said: boolean }[]): Figures {
  const tp = pairs.filter((p) => p.truth && p.said).length;
  const fp = pairs.filter((p) => !p.truth && p.said).length;
  const fn = pairs.filter((p) => p.truth && !p.said).length;
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { n: pairs.length, tp, fp, fn, precision: r3(precision), recall: r3(recall), f1: r3(f1) };
}

interface Scored {
  item: CorpusItem;
  relevance: Relevance;
  keyword: boolean;
}

function score(items: readonly CorpusItem[], model: RelevanceModel): Scored[] {
  return items.map((item) => {
    const text = asText(item);
    return {
      item,
      relevance: assessRelevance(text, { model }),
      keyword: keywordRule(item.title, item.description),
    };
  });
}

interface Row {
  filter: Figures;
  keyword: Figures;
  queuePlusTrayRecall: number;
  tray: { items: number; relevant: number };
}

function report(half: Half, scored: readonly Scored[]) {
  const rows: Record<string, Row> = {};
  for (const language of ['all', 'en', 'ru', 'zh'] as const) {
    const subset = scored.filter((s) => language === 'all' || s.item.language === language);
    const filter = figures(
      subset.map((s) => ({ truth: s.item.relevant, said: s.relevance.verdict === 'relevant' })),
    );
    const keyword = figures(subset.map((s) => ({ truth: s.item.relevant, said: s.keyword })));
    const withTray = figures(
      subset.map((s) => ({ truth: s.item.relevant, said: s.relevance.verdict !== 'irrelevant' })),
    );
    const tray = subset.filter((s) => s.relevance.verdict === 'borderline');
    rows[language] = {
      filter,
      keyword,
      queuePlusTrayRecall: withTray.recall,
      tray: { items: tray.length, relevant: tray.filter((s) => s.item.relevant).length },
    };
  }
  return { half, rows };
}

function printReport({ half, rows }: ReturnType<typeof report>): string[] {
  const lines = [`${half === 'tune' ? 'Tuning' : 'Test'} half:`];
  lines.push(
    '  lang   n    filter P / R / F1        keyword P / R / F1       queue+tray R   tray (relevant)',
  );
  for (const [language, row] of Object.entries(rows)) {
    const { filter, keyword, queuePlusTrayRecall, tray } = row;
    const f = (x: Figures) => `${x.precision.toFixed(3)} / ${x.recall.toFixed(3)} / ${x.f1.toFixed(3)}`;
    lines.push(
      `  ${language.padEnd(5)} ${String(filter.n).padStart(3)}   ${f(filter)}    ${f(keyword)}    ${queuePlusTrayRecall.toFixed(3)}          ${tray.items} (${tray.relevant})`,
    );
  }
  return lines;
}

function errors(scored: readonly Scored[]): string[] {
  return scored
    .filter((s) => s.item.relevant !== (s.relevance.verdict === 'relevant'))
    .map(
      (s) =>
        `  ${s.item.id} labelled ${s.item.relevant ? 'relevant' : `irrelevant (${s.item.nearMiss ?? '-'})`}, ` +
        `judged ${s.relevance.verdict} ${s.relevance.score}: ${s.item.title}\n` +
        `      why labelled: ${s.item.reason}\n      ${s.relevance.explanation}`,
    );
}

function crossValidate(items: readonly CorpusItem[], settings: ModelSettings, folds = 5): Figures {
  const pairs: { truth: boolean; said: boolean }[] = [];
  const sorted = [...items].sort((a, b) => a.id.localeCompare(b.id));
  for (let k = 0; k < folds; k += 1) {
    const train = sorted.filter((_, i) => i % folds !== k);
    const held = sorted.filter((_, i) => i % folds === k);
    const model = new RelevanceModel(trainModel(train, settings, 'cv'));
    for (const s of score(held, model))
      pairs.push({ truth: s.item.relevant, said: s.relevance.verdict === 'relevant' });
  }
  return figures(pairs);
}

function main(): void {
  if (args.includes('--split')) {
    updateSplit();
    return;
  }
  const corpus = readCorpus();
  const split = readSplit();
  const byId = new Map(corpus.map((i) => [i.id, i]));
  const unsplit = corpus.filter((i) => !split.tune.includes(i.id) && !split.test.includes(i.id));
  if (unsplit.length > 0)
    throw new Error(`${unsplit.length} corpus items are in neither half: run with --split first`);
  const tune = split.tune.map((id) => byId.get(id)!).filter(Boolean);
  const test = split.test.map((id) => byId.get(id)!).filter(Boolean);

  const shipped = readModelFile(SHIPPED_MODEL_FILE);
  if (args.includes('--cv')) {
    for (const pointsPerLogOdds of [0, 0.03, 0.06, 0.1, 0.2]) {
      for (const cap of [0.75, 1.5, 2.5]) {
        for (const hashedWeight of [0, 0.1, 0.3]) {
          if (pointsPerLogOdds === 0 && (cap !== 0.75 || hashedWeight !== 0)) continue;
          const settings = { ...shipped.settings, pointsPerLogOdds, cap, hashedWeight };
          const f = crossValidate(tune, settings);
          process.stdout.write(
            `pointsPerLogOdds ${pointsPerLogOdds} cap ${cap} hashedWeight ${hashedWeight}: P ${f.precision} R ${f.recall} F1 ${f.f1}\n`,
          );
        }
      }
    }
    return;
  }
  if (args.includes('--train')) {
    const file = trainModel(
      tune,
      shipped.settings,
      `Naive Bayes counts of the ${tune.length} items of the corpus's tuning half (test/fixtures/relevance/corpus, split.json)`,
    );
    writeFileSync(SHIPPED_MODEL_FILE.replace(/dist\/(libs\/.*)$/, '$1'), `${JSON.stringify(file)}\n`);
    process.stdout.write(`trained on ${tune.length} tuning items: ${JSON.stringify(file.counts.docs)}\n`);
    return;
  }

  const model = new RelevanceModel(shipped);
  const tuneScored = score(tune, model);
  const testScored = score(test, model);
  const reports = [report('tune', tuneScored), report('test', testScored)];
  if (args.includes('--json')) {
    process.stdout.write(`${JSON.stringify({ model: model.version, reports }, null, 1)}\n`);
    return;
  }
  const lines = [
    `Relevance on the labelled corpus: ${corpus.length} real articles (${tune.length} tuning, ${test.length} test); model ${model.version}`,
    ...printReport(reports[0]!),
    ...printReport(reports[1]!),
    '',
    `Errors of the tuning half (${errors(tuneScored).length}; the test half's are counted above, not listed):`,
    ...errors(tuneScored),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

const r3 = (n: number): number => Math.round(n * 1000) / 1000;

main();
