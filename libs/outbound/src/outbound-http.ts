import type { LookupAddress } from 'node:dns';
import { lookup as dnsLookup } from 'node:dns';
import { isIP } from 'node:net';

import { type AppConfig, APP_CONFIG } from '@app/config';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Agent, errors, request } from 'undici';

import { isPublicAddress } from './address-policy';
import { OutboundError } from './outbound.error';

export interface OutboundRequest {
  method?: 'GET' | 'POST' | 'HEAD';
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** The whole exchange, redirects included, must finish within this. */
  timeoutMs: number;
  /** The body is cut off, and the request fails, past this many bytes. */
  maxBytes: number;
  /** Redirects followed (each hop checked again); 0 returns the 3xx answer as it is. */
  maxRedirects?: number;
}

export interface OutboundResponse {
  status: number;
  /** Lower-case names; repeated headers joined with ', '. */
  headers: Record<string, string>;
  body: Buffer;
  /** Where the answer finally came from, after redirects. */
  url: string;
  redirects: string[];
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * The product's only door to the outside (feeds, webhooks). Private and loopback addresses are
 * refused at connect time, after DNS, so a name that resolves (or re-resolves) to 127.0.0.1 cannot
 * get around the check; `ALLOW_PRIVATE_NETWORK` opens them for development and tests.
 */
@Injectable()
export class OutboundHttp implements OnModuleDestroy {
  private readonly agent: Agent;
  private readonly allowPrivate: boolean;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.allowPrivate = config.network.allowPrivate;
    this.agent = new Agent({
      connect: { lookup: this.allowPrivate ? undefined : guardedLookup(dnsLookup) },
      keepAliveTimeout: 10_000,
      connections: 8,
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.agent.close();
  }

  async request(url: string, options: OutboundRequest): Promise<OutboundResponse> {
    const signal = AbortSignal.timeout(options.timeoutMs);
    const redirects: string[] = [];
    let current = this.check(url);
    let method = options.method ?? 'GET';
    let body = options.body;
    for (;;) {
      const response = await this.once(current, { ...options, method, body }, signal);
      const location = response.headers.location;
      if (!REDIRECTS.has(response.status) || !location || (options.maxRedirects ?? 0) === 0) {
        return { ...response, url: current.toString(), redirects };
      }
      if (redirects.length >= (options.maxRedirects ?? 0)) {
        throw new OutboundError(
          'TOO_MANY_REDIRECTS',
          `More than ${options.maxRedirects} redirects (last to ${location})`,
        );
      }
      current = this.check(new URL(location, current).toString());
      redirects.push(current.toString());
      if (
        response.status === 303 ||
        ((response.status === 301 || response.status === 302) && method === 'POST')
      ) {
        method = 'GET';
        body = undefined;
      }
    }
  }

  private check(url: string): URL {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new OutboundError('INVALID_URL', `Not a URL: ${url.slice(0, 200)}`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new OutboundError('INVALID_URL', `Only http and https are allowed (got ${parsed.protocol})`);
    }
    if (parsed.username || parsed.password) {
      throw new OutboundError('INVALID_URL', 'URLs with credentials in them are not allowed');
    }
    // An address written in the URL is never looked up, so the connect-time check would not see it.
    const host = parsed.hostname.replace(/^\[|\]$/g, '');
    if (!this.allowPrivate && isIP(host) && !isPublicAddress(host)) throw blocked(host, parsed.hostname);
    return parsed;
  }

  private async once(
    url: URL,
    options: OutboundRequest & { method: string },
    signal: AbortSignal,
  ): Promise<Omit<OutboundResponse, 'url' | 'redirects'>> {
    try {
      const response = await request(url, {
        method: options.method as 'GET',
        headers: options.headers,
        body: options.body,
        dispatcher: this.agent,
        signal,
        headersTimeout: options.timeoutMs,
        bodyTimeout: options.timeoutMs,
      });
      // The rest of a refused body is thrown away; the error thrown below says why.
      response.body.on('error', () => undefined);
      const headers = flatten(response.headers);
      const declared = Number(headers['content-length'] ?? 0);
      if (declared > options.maxBytes) {
        response.body.destroy();
        throw tooLarge(options.maxBytes);
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of response.body as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > options.maxBytes) {
          response.body.destroy();
          throw tooLarge(options.maxBytes);
        }
        chunks.push(chunk);
      }
      return { status: response.statusCode, headers, body: Buffer.concat(chunks) };
    } catch (error) {
      throw toOutboundError(error, url, options.timeoutMs, signal);
    }
  }
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/** How names are resolved: Node's `dns.lookup` with `all: true` (a parameter, so tests can give answers). */
export type Resolve = (
  hostname: string,
  options: { all: true },
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

/** A connect-time `lookup` that refuses a name when any of its answers is not a public address. */
export function guardedLookup(resolve: Resolve) {
  return (hostname: string, options: object, callback: LookupCallback): void => {
    resolve(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const refused = addresses.find((a) => !isPublicAddress(a.address));
      if (refused) return callback(blocked(refused.address, hostname), []);
      const all = (options as { all?: boolean }).all;
      if (all) return callback(null, addresses);
      const first = addresses[0]!;
      callback(null, first.address, first.family);
    });
  };
}

function blocked(address: string, hostname: string): OutboundError {
  const via = address === hostname ? '' : ` (${hostname})`;
  return new OutboundError(
    'BLOCKED_ADDRESS',
    `Refused to connect to ${address}${via}: private, loopback and link-local addresses are closed (ALLOW_PRIVATE_NETWORK)`,
  );
}

function tooLarge(maxBytes: number): OutboundError {
  return new OutboundError('TOO_LARGE', `The answer is larger than ${maxBytes} bytes`);
}

function toOutboundError(error: unknown, url: URL, timeoutMs: number, signal: AbortSignal): OutboundError {
  if (error instanceof OutboundError) return error;
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof OutboundError) return cause;
  if (
    signal.aborted ||
    error instanceof errors.HeadersTimeoutError ||
    error instanceof errors.BodyTimeoutError ||
    error instanceof errors.ConnectTimeoutError ||
    (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
  ) {
    return new OutboundError('TIMEOUT', `No complete answer from ${url.host} within ${timeoutMs} ms`, {
      cause: error,
    });
  }
  const code = (error as { code?: string }).code ?? (cause as { code?: string } | undefined)?.code;
  const detail = error instanceof Error ? error.message : String(error);
  const prefix = code && !detail.includes(code) ? `${code} ` : '';
  return new OutboundError('NETWORK', `${url.host}: ${prefix}${detail}`.slice(0, 300), {
    cause: error,
  });
}

function flatten(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}
