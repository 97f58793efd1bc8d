import type { PipelineSink } from './ingest-pipeline';

/**
 * `feeds try`: the pipeline as the worker runs it, with nothing read of the feed's past (every item
 * is scored) and nothing written. Dedupe still looks at the log, read-only, so the verdicts say
 * what polling would do now.
 */
export const DRY_RUN_SINK: PipelineSink = {
  dryRun: true,
  seen: () => Promise.resolve(new Set<string>()),
  exclusive: (work) => work(),
  append: () => Promise.resolve(0),
};
