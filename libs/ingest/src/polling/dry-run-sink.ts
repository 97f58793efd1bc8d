import type { Database } from '@app/database';

import type { PipelineSink } from './ingest-pipeline';

/**
 * `feeds try`: the pipeline as the worker runs it, with nothing read of the feed's past (every item
 * is scored) and nothing written. Dedupe still looks at the log, read-only, so the verdicts say
 * what polling would do now.
 */
export function dryRunSink(database: Database): PipelineSink {
  return {
    dryRun: true,
    seen: () => Promise.resolve(new Set<string>()),
    settle: (work) => work({ sql: database, tx: null, append: () => Promise.resolve(0) }),
  };
}
