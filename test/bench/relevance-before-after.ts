import { assessRelevance, type ItemText, normaliseItem, readFeed } from '@app/ingest';

import { generateFeeds } from './ingest.bench';

/**
 * The relevance stage's CPU time per item, against an older build, interleaved in one process so
 * that both see the same machine load (on a shared machine the absolute figures of
 * `npm run bench -- --only ingest` move by a factor of several between runs):
 *
 *   git archive 62e19e8 | tar -x -C /tmp/rel-before && ln -s "$PWD/node_modules" /tmp/rel-before/
 *   (cd /tmp/rel-before && node scripts/build.mjs)
 *   node scripts/build.mjs && node dist/test/bench/relevance-before-after.js /tmp/rel-before/dist/libs/ingest/src/index.js
 */
type Assess = (item: ItemText) => unknown;

async function main(): Promise<void> {
  const beforePath = process.argv[2];
  if (!beforePath) throw new Error('usage: relevance-before-after.js <older dist/libs/ingest/src/index.js>');
  const before = ((await import(beforePath)) as { assessRelevance: Assess }).assessRelevance;
  const items: ItemText[] = [];
  for (const bytes of generateFeeds(100, 30)) {
    const document = await readFeed(bytes, 'application/rss+xml; charset=utf-8');
    for (const raw of document.items) {
      const item = normaliseItem(raw, {
        fetchedAt: new Date(),
        feedLink: document.link,
        feedLanguage: document.language,
      });
      if (item) items.push(item);
    }
  }
  const cpuPerItem = (assess: Assess): number => {
    const started = process.cpuUsage();
    for (const item of items) assess(item);
    const used = process.cpuUsage(started);
    return (used.user + used.system) / items.length;
  };
  const runs: { before: number; now: number }[] = [];
  for (let round = 0; round < 12; round += 1) {
    const run = { before: cpuPerItem(before), now: cpuPerItem((item) => assessRelevance(item)) };
    if (round >= 2) runs.push(run); // the first rounds warm up both
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const result = {
    items: items.length,
    beforeUsPerItem: Math.round(median(runs.map((r) => r.before)) * 10) / 10,
    nowUsPerItem: Math.round(median(runs.map((r) => r.now)) * 10) / 10,
    medianRatio: Math.round(median(runs.map((r) => r.now / r.before)) * 100) / 100,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
