import { type AppConfig, APP_CONFIG } from '@app/config';
import { OutboundError, OutboundHttp } from '@app/outbound';
import { Inject, Injectable } from '@nestjs/common';

import { parseRetryAfter } from './retry-after';

/** What the fetcher remembers of the last answer, to ask only for what changed. */
export interface Validators {
  etag: string | null;
  lastModified: string | null;
}

export type FetchResult =
  | {
      kind: 'ok';
      status: number;
      body: Buffer;
      contentType: string | null;
      etag: string | null;
      lastModified: string | null;
      /** Where the document came from after redirects. */
      url: string;
    }
  | { kind: 'not-modified' }
  | { kind: 'throttled'; status: number; retryAfterMs: number | null }
  | { kind: 'gone' }
  | { kind: 'failed'; status: number | null; error: string };

const ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, ' +
  'application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5';

/**
 * One conditional GET of a feed through OutboundHttp (time, size and redirect caps from
 * config.ingest; private addresses refused unless configured). Never throws for what the network or
 * the publisher does: every answer, and every failure to get one, becomes a FetchResult whose error
 * is one line a person can read.
 */
@Injectable()
export class FeedFetcher {
  private readonly userAgent: string;

  constructor(
    @Inject(OutboundHttp) private readonly http: OutboundHttp,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.userAgent = `ca-security-timeline/0.1 (+${config.http.publicBaseUrl})`;
  }

  async fetch(url: string, validators: Validators | null, now = new Date()): Promise<FetchResult> {
    const headers: Record<string, string> = { accept: ACCEPT, 'user-agent': this.userAgent };
    if (validators?.etag) headers['if-none-match'] = validators.etag;
    if (validators?.lastModified) headers['if-modified-since'] = validators.lastModified;
    let response;
    try {
      response = await this.http.request(url, {
        headers,
        timeoutMs: this.config.ingest.timeoutMs,
        maxBytes: this.config.ingest.maxBytes,
        maxRedirects: this.config.ingest.maxRedirects,
      });
    } catch (error) {
      if (error instanceof OutboundError)
        return { kind: 'failed', status: null, error: `${error.code}: ${error.message}` };
      throw error;
    }
    const { status } = response;
    if (status === 304) return { kind: 'not-modified' };
    if (status === 410) return { kind: 'gone' };
    if (status === 429 || status === 503) {
      return {
        kind: 'throttled',
        status,
        retryAfterMs: parseRetryAfter(response.headers['retry-after'], now),
      };
    }
    if (status >= 200 && status < 300) {
      return {
        kind: 'ok',
        status,
        body: response.body,
        contentType: response.headers['content-type'] ?? null,
        etag: response.headers.etag ?? null,
        lastModified: response.headers['last-modified'] ?? null,
        url: response.url,
      };
    }
    const where =
      status >= 300 && status < 400
        ? ` (redirect to ${response.headers.location ?? 'nowhere'} not followed)`
        : '';
    return { kind: 'failed', status, error: `HTTP ${status}${where}` };
  }
}
