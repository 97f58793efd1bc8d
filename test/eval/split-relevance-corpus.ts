import { existsSync } from 'node:fs';

import { extendSplit, readCorpus, readSplit, SPLIT_FILE, writeSplit } from './relevance-corpus';

/** `npm run eval:relevance -- --split`: deals new corpus items to the halves (see relevance-corpus.ts). */
export function updateSplit(): void {
  const items = readCorpus();
  const before = existsSync(SPLIT_FILE) ? readSplit() : null;
  const split = extendSplit(items, before);
  writeSplit(split);
  const added =
    split.tune.length + split.test.length - (before ? before.tune.length + before.test.length : 0);
  process.stdout.write(
    `${SPLIT_FILE}: ${split.tune.length} tuning, ${split.test.length} test (${added} newly dealt)\n`,
  );
}
