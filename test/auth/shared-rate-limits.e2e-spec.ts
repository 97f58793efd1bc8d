import { type RunningProcess, startProcess, testConfig } from '../support';

// Rate limits hold across processes (they count in Redis), and the client address comes from
// X-Forwarded-For only through the hops TRUST_PROXY names. Built API processes over real HTTP.
jest.setTimeout(120_000);

const API = 'dist/apps/api/src/main.js';

const signIn = (server: RunningProcess, headers: Record<string, string> = {}) =>
  fetch(`${server.baseUrl}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ key: 'tlk_guess_wrong' }),
  }).then((response) => response.status);

describe('rate limits shared by every API process', () => {
  let first: RunningProcess;
  let second: RunningProcess;

  beforeAll(async () => {
    const { env } = testConfig('sqlite');
    // The second process starts on the migrated, seeded database the first one made.
    first = await startProcess(API, env, /listening on/, 60_000);
    second = await startProcess(API, env, /listening on/, 60_000);
  });
  afterAll(async () => {
    await Promise.all([first?.stop(), second?.stop()]);
  });

  it('counts sign-in attempts to two processes against one limit of 10 a minute', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 10; attempt += 1)
      statuses.push(await signIn(attempt % 2 ? first : second));
    expect(statuses).toEqual(Array.from({ length: 10 }, () => 401));

    // Each process saw only five: alone, either would still let attempts through.
    expect(await signIn(first)).toBe(429);
    expect(await signIn(second)).toBe(429);
  });
});

describe('client addresses behind a proxy', () => {
  const start = async (overrides: Record<string, string>) =>
    startProcess(API, testConfig('sqlite', overrides).env, /listening on/, 60_000);

  it('ignores X-Forwarded-For by default: a client cannot dodge the limit by naming other addresses', async () => {
    const server = await start({});
    try {
      for (let attempt = 0; attempt < 10; attempt += 1) {
        expect(await signIn(server, { 'x-forwarded-for': `203.0.113.${attempt + 1}` })).toBe(401);
      }
      expect(await signIn(server, { 'x-forwarded-for': '198.51.100.7' })).toBe(429);
    } finally {
      await server.stop();
    }
  });

  it('counts each forwarded client apart when TRUST_PROXY trusts the proxy in front', async () => {
    const server = await start({ TRUST_PROXY: 'loopback' });
    try {
      for (let attempt = 0; attempt < 10; attempt += 1) {
        expect(await signIn(server, { 'x-forwarded-for': '203.0.113.1' })).toBe(401);
      }
      expect(await signIn(server, { 'x-forwarded-for': '203.0.113.1' })).toBe(429);
      expect(await signIn(server, { 'x-forwarded-for': '203.0.113.2' })).toBe(401);
    } finally {
      await server.stop();
    }
  });
});

describe('security headers on every route', () => {
  it('sets CSP, nosniff and frame-ancestors everywhere, and HSTS only when served over https', async () => {
    const plain = await startProcess(API, testConfig('sqlite').env, /listening on/, 60_000);
    const https = await startProcess(
      API,
      testConfig('sqlite', { PUBLIC_BASE_URL: 'https://timeline.example.org' }).env,
      /listening on/,
      60_000,
    );
    try {
      for (const path of ['/api/timeline?limit=1', '/health', '/review', '/nope']) {
        const headers = (await fetch(`${plain.baseUrl}${path}`)).headers;
        expect([path, headers.get('content-security-policy')]).toEqual([
          path,
          expect.stringContaining("frame-ancestors 'none'"),
        ]);
        expect(headers.get('content-security-policy')).toMatch(/script-src 'self'(;|$)/);
        expect(headers.get('x-content-type-options')).toBe('nosniff');
        expect(headers.get('strict-transport-security')).toBeNull();
      }
      const secure = (await fetch(`${https.baseUrl}/health`)).headers;
      expect(secure.get('strict-transport-security')).toMatch(/max-age=31536000/);
    } finally {
      await Promise.all([plain.stop(), https.stop()]);
    }
  });
});
