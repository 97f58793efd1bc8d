import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { z } from 'zod';

import { IngestError } from '../ingest.error';
import type { FeedInput } from './feed.service';

const feedsFileSchema = z.array(
  z.object({
    url: z.string(),
    title: z.string().nullable().optional(),
    language: z.string().nullable().optional(),
  }),
);

/** The shipped list of outlets covering the region in English, Russian and Chinese. */
export const BUILTIN_FEEDS_FILE = join(__dirname, '..', 'default-feeds.json');

/** The feeds of config.ingest.feedsFile ('builtin' for the shipped list). */
export async function readFeedsFile(setting: string): Promise<FeedInput[]> {
  const path = setting === 'builtin' ? BUILTIN_FEEDS_FILE : setting;
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new IngestError('FEEDS_FILE_INVALID', `FEEDS_FILE ${path}: ${(error as Error).message}`);
  }
  const result = feedsFileSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new IngestError(
      'FEEDS_FILE_INVALID',
      `FEEDS_FILE ${path}: [${issue.path.join('.')}] ${issue.message} (expected [{ "url", "title"?, "language"? }])`,
    );
  }
  return result.data;
}
