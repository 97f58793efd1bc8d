import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

import type { FeedDocument } from './feed-document';
import { FeedReadError, type FeedReadErrorCode } from './feed-read.error';
import { readFeed, type ReadFeedOptions } from './read-feed';

/** Documents at least this large are read on a worker thread: parsing them takes too long for one turn. */
export const OFF_THREAD_BYTES = 256 * 1024;

type Answer = { document: FeedDocument } | { error: { code: FeedReadErrorCode; message: string } };

// The thread requires the compiled reader; under ts-jest-like transforms (a .ts file) there is
// none, and the document is read in-thread.
const READER = join(__dirname, 'read-feed');
const SCRIPT = `
const { parentPort, workerData } = require('node:worker_threads');
const { readFeed } = require(${JSON.stringify(READER)});
readFeed(Buffer.from(workerData.bytes), workerData.contentType, workerData.options).then(
  (document) => parentPort.postMessage({ document }),
  (error) => parentPort.postMessage({ error: { code: error.code ?? 'MALFORMED', message: String(error.message) } }),
);
`;

/**
 * readFeed, with large documents (a 1.7 MB flood of items takes over half a second to decode and
 * parse) read on a worker thread of their own, so the event loop keeps answering `/health` and
 * renewing BullMQ's job locks. Small documents, nearly every one, are read in-thread.
 */
export async function readFeedOffThread(
  bytes: Buffer,
  contentType?: string | null,
  options: ReadFeedOptions = {},
): Promise<FeedDocument> {
  if (bytes.length < OFF_THREAD_BYTES || __filename.endsWith('.ts')) {
    return readFeed(bytes, contentType, options);
  }
  const answer = await new Promise<Answer>((resolve, reject) => {
    const worker = new Worker(SCRIPT, {
      eval: true,
      workerData: { bytes, contentType: contentType ?? null, options },
      // Parsing makes mostly short-lived garbage: a small young generation collects it often, so
      // the thread adds about 45 MB to the process at its peak instead of about 65 (1.7 MB flood).
      resourceLimits: { maxYoungGenerationSizeMb: 8 },
    });
    worker.once('message', (message: Answer) => {
      resolve(message);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the feed reader thread stopped (exit code ${code})`));
    });
  });
  if ('error' in answer) throw new FeedReadError(answer.error.code, answer.error.message);
  return answer.document;
}
