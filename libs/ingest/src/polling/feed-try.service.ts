import { Database } from '@app/database';
import { readFile } from 'node:fs/promises';

import { Clock } from '@app/event-store';
import { Inject, Injectable } from '@nestjs/common';

import { FeedService } from '../feeds/feed.service';
import { feedIdFor } from '../feeds/feed-id';
import { IngestError } from '../ingest.error';
import { FeedReadError } from '../reading';
import { dryRunSink } from './dry-run-sink';
import { FeedFetcher } from './feed-fetcher';
import { IngestPipeline, type PipelineFeed, type PipelineReport } from './ingest-pipeline';

export interface TryResult {
  /** The URL or file read. */
  source: string;
  feed: PipelineFeed;
  report: PipelineReport;
}

/**
 * `feeds try <url-or-file>`: the worker's pipeline on one document, with a sink that writes
 * nothing. A URL is fetched as the worker fetches it (same client, caps and address policy) but
 * unconditionally; a file is read as it is. Fails with IngestError, one line, when there is
 * nothing to read.
 */
@Injectable()
export class FeedTryService {
  constructor(
    @Inject(FeedFetcher) private readonly fetcher: FeedFetcher,
    @Inject(IngestPipeline) private readonly pipeline: IngestPipeline,
    @Inject(FeedService) private readonly feeds: FeedService,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(Database) private readonly database: Database,
  ) {}

  async try(source: string): Promise<TryResult> {
    const now = this.clock.now();
    let bytes: Buffer;
    let contentType: string | null = null;
    let feed: PipelineFeed = { id: null, url: null, title: null, language: null };
    if (/^https?:\/\//i.test(source)) {
      const fetched = await this.fetcher.fetch(source, null, now);
      if (fetched.kind !== 'ok') throw new IngestError('FETCH_FAILED', `${source}: ${describe(fetched)}`);
      bytes = fetched.body;
      contentType = fetched.contentType;
      // As the worker would see it: the feed's id (so dedupe keys and candidate ids agree) and, when
      // the feed is registered, the title and language it was registered with.
      const feedId = feedIdFor(source);
      const registered = feedId ? await this.feeds.find(feedId) : undefined;
      feed = {
        id: feedId,
        url: source,
        title: registered?.title ?? null,
        language: registered?.language ?? null,
      };
    } else {
      try {
        bytes = await readFile(source);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        const why =
          code === 'ENOENT'
            ? 'no such file'
            : code === 'EISDIR'
              ? 'is a directory'
              : (error as Error).message;
        throw new IngestError('FETCH_FAILED', `${source}: ${why} (give a file or an http(s) URL)`);
      }
    }
    try {
      return {
        source,
        feed,
        report: await this.pipeline.run(feed, bytes, contentType, now, dryRunSink(this.database)),
      };
    } catch (error) {
      if (error instanceof FeedReadError) {
        throw new IngestError('FEED_UNREADABLE', `${source}: ${error.code}: ${error.message}`, {
          code: error.code,
        });
      }
      throw error;
    }
  }
}

function describe(fetched: Exclude<Awaited<ReturnType<FeedFetcher['fetch']>>, { kind: 'ok' }>): string {
  switch (fetched.kind) {
    case 'not-modified':
      return 'HTTP 304 Not Modified';
    case 'gone':
      return 'HTTP 410 Gone: the publisher withdrew this feed';
    case 'throttled':
      return `HTTP ${fetched.status}${fetched.retryAfterMs === null ? '' : ` (retry after ${Math.round(fetched.retryAfterMs / 1000)} s)`}`;
    case 'failed':
      return fetched.error;
  }
}
