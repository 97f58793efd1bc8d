import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

import { expectEventually, REPO_ROOT } from '../support';

export interface LoggedRequest {
  path: string;
  at: number;
  headers: IncomingMessage['headers'];
}

export interface FeedServer {
  url(path: string): string;
  requests(path?: string): LoggedRequest[];
  close(): Promise<void>;
}

const fixture = (name: string) => readFileSync(join(REPO_ROOT, 'test/fixtures/ingest', name));

const WIRE_ETAG = '"wire-v1"';
const STEPPE_MODIFIED = 'Tue, 01 Dec 2026 07:00:00 GMT';

/**
 * A local publisher that behaves and misbehaves on purpose, one path per behaviour: validators
 * and 304, 429 and 503 with Retry-After, 410, an answer too slow or too big, a redirect loop, a
 * wrong charset header, a web page instead of a feed. It logs every request it receives.
 */
export function startFeedServer(options: { slowMs?: number; hugeBytes?: number } = {}): Promise<FeedServer> {
  const log: LoggedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const send = (
    res: ServerResponse,
    status: number,
    headers: Record<string, string>,
    body?: Buffer | string,
  ) => {
    res.writeHead(status, headers);
    res.end(body);
  };
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? '/';
    log.push({ path, at: Date.now(), headers: req.headers });
    const rss = 'application/rss+xml; charset=utf-8';
    if (path === '/wire.xml') {
      if (req.headers['if-none-match'] === WIRE_ETAG) return send(res, 304, { etag: WIRE_ETAG });
      return send(res, 200, { 'content-type': rss, etag: WIRE_ETAG }, fixture('central-asia-wire.xml'));
    }
    if (path === '/steppe.atom') {
      if (req.headers['if-modified-since'] === STEPPE_MODIFIED) return send(res, 304, {});
      return send(
        res,
        200,
        { 'content-type': 'application/atom+xml', 'last-modified': STEPPE_MODIFIED },
        fixture('steppe-monitor.atom'),
      );
    }
    // No validators at all: every poll reads the whole document again.
    if (path === '/zh.xml') return send(res, 200, { 'content-type': rss }, fixture('zh-border-news.xml'));
    // The header says UTF-8; the bytes (and the XML declaration) are windows-1251.
    if (path === '/ru-wrong-charset.xml')
      return send(res, 200, { 'content-type': rss }, fixture('ru-border-1251.xml'));
    if (path === '/throttled') return send(res, 429, { 'retry-after': '120' }, 'slow down');
    if (path === '/unavailable') {
      const at = new Date(Date.now() + 3_600_000).toUTCString();
      return send(res, 503, { 'retry-after': at }, 'maintenance');
    }
    if (path === '/gone') return send(res, 410, {}, 'this feed is no more');
    if (path === '/slow') {
      const timer = setTimeout(() => {
        timers.delete(timer);
        send(res, 200, { 'content-type': rss }, fixture('central-asia-wire.xml'));
      }, options.slowMs ?? 5_000);
      return void timers.add(timer);
    }
    if (path === '/huge') {
      const item = '<item><title>Filler</title><description>' + 'x'.repeat(1000) + '</description></item>';
      const count = Math.ceil((options.hugeBytes ?? 300_000) / item.length);
      return send(
        res,
        200,
        { 'content-type': rss },
        `<rss version="2.0"><channel>${item.repeat(count)}</channel></rss>`,
      );
    }
    if (path.startsWith('/loop/')) return send(res, 302, { location: `/loop/${Number(path.slice(6)) + 1}` });
    if (path === '/not-a-feed')
      return send(res, 200, { 'content-type': 'text/html' }, fixture('not-a-feed.html'));
    send(res, 404, {}, 'no such feed');
  };
  const server: Server = createServer(handle);
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      resolve({
        url: (path) => `${base}${path}`,
        requests: (path) => log.filter((r) => path === undefined || r.path === path),
        close: () => {
          for (const timer of timers) clearTimeout(timer);
          server.closeAllConnections();
          return new Promise((done) => server.close(() => done()));
        },
      });
    }),
  );
}

/** Waits until `check` stops throwing (an expectation that must become true), or fails with its error. */
export const eventually = <T>(check: () => Promise<T> | T, timeoutMs = 60_000): Promise<T> =>
  expectEventually(check, timeoutMs, 250);
