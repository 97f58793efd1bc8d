import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The labelled corpus of real published news (test/fixtures/relevance/corpus/{en,ru,zh}.jsonl, format
 * in CORPUS.md) and its split into a tuning half and a test half. The split is made once and kept
 * in split.json: items are stratified by language and label, ordered by a hash of their id with a
 * fixed seed, and dealt alternately to the two halves. Items added later are dealt the same way
 * to whichever half has fewer of their stratum; no item ever changes half.
 */
export interface CorpusItem {
  id: string;
  language: 'en' | 'ru' | 'zh';
  script: 'hans' | 'hant' | null;
  url: string;
  outlet: string;
  publishedAt: string;
  title: string;
  description: string;
  textLicence: string;
  relevant: boolean;
  reason: string;
  nearMiss: string | null;
  countries: string[];
  story: string | null;
  addedAfter: boolean;
}

export type Half = 'tune' | 'test';

export interface Split {
  seed: string;
  method: string;
  tune: string[];
  test: string[];
}

// The repository root, from test/eval or dist/test/eval.
const ROOT = __dirname.includes(`${join('dist', 'test')}`)
  ? join(__dirname, '../../..')
  : join(__dirname, '../..');
export const CORPUS_DIR = join(ROOT, 'test/fixtures/relevance/corpus');
export const SPLIT_FILE = join(CORPUS_DIR, 'split.json');
const SEED = 'relevance-corpus-split-2026-12-04';

export function readCorpus(): CorpusItem[] {
  return (['en', 'ru', 'zh'] as const).flatMap((language) =>
    readFileSync(join(CORPUS_DIR, `${language}.jsonl`), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as CorpusItem),
  );
}

export function readSplit(): Split {
  return JSON.parse(readFileSync(SPLIT_FILE, 'utf8')) as Split;
}

const order = (id: string): string => createHash('sha256').update(`${SEED}|${id}`).digest('hex');

/** The split extended to every item of the corpus; items already in a half stay there. */
export function extendSplit(items: readonly CorpusItem[], existing: Split | null): Split {
  const half = new Map<string, Half>();
  for (const id of existing?.tune ?? []) half.set(id, 'tune');
  for (const id of existing?.test ?? []) half.set(id, 'test');
  const strata = new Map<string, CorpusItem[]>();
  for (const item of items) {
    const key = `${item.language}|${item.relevant}`;
    strata.set(key, [...(strata.get(key) ?? []), item]);
  }
  for (const members of strata.values()) {
    const count = { tune: 0, test: 0 };
    for (const m of members) {
      const h = half.get(m.id);
      if (h) count[h] += 1;
    }
    const fresh = members
      .filter((m) => !half.has(m.id))
      .sort((a, b) => order(a.id).localeCompare(order(b.id)));
    for (const m of fresh) {
      const h: Half = count.tune <= count.test ? 'tune' : 'test';
      half.set(m.id, h);
      count[h] += 1;
    }
  }
  const ids = items.map((i) => i.id).sort();
  return {
    seed: SEED,
    method:
      'stratified by language and label; within a stratum ordered by sha256(seed|id) and dealt to the smaller half (tune first); never reassigned',
    tune: ids.filter((id) => half.get(id) === 'tune'),
    test: ids.filter((id) => half.get(id) === 'test'),
  };
}

export function writeSplit(split: Split): void {
  writeFileSync(SPLIT_FILE, `${JSON.stringify(split, null, 1)}\n`);
}
