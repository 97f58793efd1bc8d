import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { type AppConfig } from '@app/config';
import { guardedLookup, isPublicAddress, OutboundError, OutboundHttp } from '@app/outbound';
import { testConfig } from '@app/testing';

/** A local server whose answers the tests choose per path. */
function startServer(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    if (path === '/ok') return void res.end('hello');
    if (path === '/big') return void res.end(Buffer.alloc(50_000, 'x'));
    if (path === '/chunked-big') {
      res.write(Buffer.alloc(30_000, 'x'));
      return void setTimeout(() => res.end(Buffer.alloc(30_000, 'y')), 10);
    }
    if (path === '/hang') return; // never answers
    if (path.startsWith('/loop')) {
      res.writeHead(302, { location: `/loop${path.length}` });
      return void res.end();
    }
    if (path === '/to-ok') {
      res.writeHead(301, { location: '/ok' });
      return void res.end();
    }
    res.writeHead(404).end();
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
    ),
  );
}

function client(allowPrivate: boolean): OutboundHttp {
  const { config } = testConfig('sqlite', { ALLOW_PRIVATE_NETWORK: String(allowPrivate) });
  return new OutboundHttp(config satisfies AppConfig);
}

describe('OutboundHttp', () => {
  let server: Server;
  let base: string;
  const open = client(true);
  const closed = client(false);
  const limits = { timeoutMs: 2_000, maxBytes: 40_000 };

  beforeAll(async () => ({ server, url: base } = await startServer()));
  afterAll(async () => {
    await Promise.all([open.onModuleDestroy(), closed.onModuleDestroy()]);
    await new Promise((resolve) => server.close(resolve));
  });

  const failure = async (promise: Promise<unknown>): Promise<OutboundError> => {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(OutboundError);
    return error as OutboundError;
  };

  it('fetches from a private address when the configuration allows it', async () => {
    const response = await open.request(`${base}/ok`, limits);
    expect(response.status).toBe(200);
    expect(response.body.toString()).toBe('hello');
  });

  it('refuses loopback addresses by default in production, written as an address or as a name', async () => {
    const port = new URL(base).port;
    for (const url of [
      `${base}/ok`,
      `http://localhost:${port}/ok`,
      `http://[::ffff:127.0.0.1]:${port}/ok`,
      `http://[::127.0.0.1]:${port}/ok`,
      `http://[::7f00:1]:${port}/ok`,
    ]) {
      const error = await failure(closed.request(url, limits));
      expect(error.code).toBe('BLOCKED_ADDRESS');
      expect(error.message).toMatch(/ALLOW_PRIVATE_NETWORK/);
    }
  });

  it('refuses a redirect into a private address when they are closed', async () => {
    expect((await failure(closed.request('http://10.1.2.3/x', limits))).code).toBe('BLOCKED_ADDRESS');
    expect((await failure(closed.request('http://169.254.169.254/latest', limits))).code).toBe(
      'BLOCKED_ADDRESS',
    );
  });

  it('cuts off an answer larger than the cap, whether declared or streamed', async () => {
    expect((await failure(open.request(`${base}/big`, limits))).code).toBe('TOO_LARGE');
    expect((await failure(open.request(`${base}/chunked-big`, limits))).code).toBe('TOO_LARGE');
  });

  it('gives up on a server that never answers', async () => {
    const error = await failure(open.request(`${base}/hang`, { ...limits, timeoutMs: 300 }));
    expect(error.code).toBe('TIMEOUT');
  });

  it('follows redirects up to the cap, and not at all when none are allowed', async () => {
    const followed = await open.request(`${base}/to-ok`, { ...limits, maxRedirects: 3 });
    expect(followed.body.toString()).toBe('hello');
    expect(followed.redirects).toEqual([`${base}/ok`]);
    const notFollowed = await open.request(`${base}/to-ok`, limits);
    expect(notFollowed.status).toBe(301);
    expect((await failure(open.request(`${base}/loop`, { ...limits, maxRedirects: 3 }))).code).toBe(
      'TOO_MANY_REDIRECTS',
    );
  });

  it('says in one line, naming the host once, that a name does not resolve', async () => {
    const error = await failure(open.request('http://feeds.invalid/rss', limits));
    expect(error.code).toBe('NETWORK');
    expect(error.message).toMatch(/^feeds\.invalid: .*ENOTFOUND/);
    expect(error.message.match(/ENOTFOUND/g)).toHaveLength(1);
    expect(error.message).not.toContain('\n');
  });

  it('refuses URLs that are not plain http(s)', async () => {
    expect((await failure(open.request('file:///etc/passwd', limits))).code).toBe('INVALID_URL');
    expect((await failure(open.request('http://user:pw@example.org/', limits))).code).toBe('INVALID_URL');
  });
});

describe('guardedLookup', () => {
  const lookupOf = (answers: string[]) =>
    new Promise<{ error: Error | null; address: unknown }>((resolve) =>
      guardedLookup((_host, _options, callback) =>
        callback(
          null,
          answers.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
        ),
      )('feed.example', {}, (error, address) => resolve({ error, address })),
    );

  it('refuses a name whose DNS answers include an IPv4-compatible or IPv4-mapped private address', async () => {
    for (const answer of ['::7f00:1', '::a00:1', '::ffff:a9fe:a9fe', '::ffff:127.0.0.1']) {
      const { error } = await lookupOf(['93.184.215.14', answer]);
      expect((error as OutboundError).code).toBe('BLOCKED_ADDRESS');
      expect(error?.message).toContain(answer);
    }
    expect(await lookupOf(['93.184.215.14', '::5db8:d70e'])).toEqual({
      error: null,
      address: '93.184.215.14',
    });
  });
});

describe('isPublicAddress', () => {
  it.each([
    ['8.8.8.8', true],
    ['2a00:1450:4001::200e', true],
    ['127.0.0.1', false],
    ['10.0.0.1', false],
    ['172.16.5.4', false],
    ['192.168.1.1', false],
    ['169.254.169.254', false],
    ['100.64.0.1', false],
    ['::1', false],
    ['fe80::1', false],
    ['fd00::1', false],
    ['::ffff:10.0.0.1', false],
    ['::ffff:7f00:1', false],
    // IPv4-compatible IPv6 (deprecated, still routed to the IPv4 address by some stacks).
    ['::127.0.0.1', false],
    ['::7f00:1', false],
    ['::a00:1', false],
    ['::c0a8:101', false],
    ['::a9fe:a9fe', false],
    ['::8.8.8.8', true],
    ['::ffff:8.8.8.8', true],
    ['::', false],
    ['0.0.0.0', false],
    ['not-an-address', false],
  ])('%s is public: %s', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });
});
