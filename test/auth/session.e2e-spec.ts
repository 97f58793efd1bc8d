import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';

import { ApiKeyService, AuthModule } from '@app/auth';
import { Database } from '@app/database';
import { CoreModule } from '@app/runtime';
import { SEED_ENTRIES, SeedImporter } from '@app/seed';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

import { DATABASE_KINDS, type RunningProcess, startProcess, testConfig } from '../support';

// The browser's sign-in (POST/GET/DELETE /api/session), CSRF and rate limits, on the built
// all-in-one process (`node scripts/build.mjs` first, as `npm test` does), over real HTTP.
jest.setTimeout(120_000);

const ALL_IN_ONE = 'dist/apps/all-in-one/src/main.js';
const ENTRY_ID = SeedImporter.entryId(SEED_ENTRIES[0]!.key);
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

interface SessionBody {
  name: string;
  role: string;
  csrfToken: string;
  expiresAt: string;
}

/**
 * The built server, and beside it a Nest context on the same database: keys are made and revoked
 * through ApiKeyService there (as an admin's CLI would, without a process per key), and the
 * sessions table is read through its Database.
 */
interface Server {
  process: RunningProcess;
  side: INestApplicationContext;
  keys: ApiKeyService;
  database: Database;
}

async function startServer(kind: 'sqlite' | 'postgres', overrides: Record<string, string> = {}) {
  const { env, config } = testConfig(kind, overrides);
  const child = await startProcess(ALL_IN_ONE, env, /listening on/, 60_000);
  const side = await NestFactory.createApplicationContext(
    CoreModule.forRoot(config, { migrate: false, redis: false }, [AuthModule]),
    { logger: ['error'] },
  );
  return {
    process: child,
    side,
    keys: side.get(ApiKeyService),
    database: side.get(Database),
  } satisfies Server;
}

async function stopServer(server: Server | undefined): Promise<void> {
  await server?.side.close();
  await server?.process.stop();
}

async function createKey(server: Server, role: 'reviewer' | 'viewer', name: string) {
  const { key, record } = await server.keys.create({ role, name });
  return { key, id: record.id };
}

async function revokeKey(server: Server, id: string): Promise<void> {
  await server.keys.revoke(id);
}

function call(
  server: Server,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<Response> {
  return fetch(`${server.process.baseUrl}${path}`, {
    method,
    headers: {
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
}

/** Signs in as a browser would; returns the cookie (`name=value`), its attributes and the answer. */
async function signIn(server: Server, key: string) {
  const response = await call(server, 'POST', '/api/session', { body: { key } });
  expect(response.status).toBe(200);
  const [setCookie, ...more] = response.headers.getSetCookie();
  expect(more).toEqual([]);
  const [pair, ...attributes] = setCookie!.split(';').map((part) => part.trim());
  return {
    response,
    body: (await response.json()) as SessionBody,
    cookie: pair!,
    token: pair!.slice(pair!.indexOf('=') + 1),
    attributes: attributes.map((a) => a.toLowerCase()),
  };
}

describe.each(DATABASE_KINDS)('browser sessions over HTTP (%s)', (kind) => {
  let server: Server;
  let rita: { key: string; id: string };

  beforeAll(async () => {
    server = await startServer(kind);
    rita = await createKey(server, 'reviewer', 'rita');
  });
  afterAll(async () => {
    await stopServer(server);
  });

  const history = async () => {
    const response = await call(server, 'GET', `/api/timeline/${ENTRY_ID}`);
    return ((await response.json()) as { history: Array<{ type: string; actor: string }> }).history;
  };

  it('signs in with a key: an HttpOnly, SameSite=Strict cookie that opens reviewer routes; only its hash is stored', async () => {
    const { response, body, cookie, token, attributes } = await signIn(server, rita.key);

    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(body).toEqual({
      name: 'rita',
      role: 'reviewer',
      csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) as string,
      expiresAt: expect.any(String) as string,
    });
    // SESSION_TTL is 12 hours by default.
    const lifetime = Date.parse(body.expiresAt) - Date.now();
    expect(lifetime).toBeGreaterThan(11.9 * 3600_000);
    expect(lifetime).toBeLessThanOrEqual(12 * 3600_000);
    expect(cookie).toMatch(/^timeline_session=[A-Za-z0-9_-]{43}$/);
    expect(attributes).toEqual(expect.arrayContaining(['httponly', 'samesite=strict', 'path=/']));
    expect(attributes.find((a) => a.startsWith('expires='))).toBeDefined();
    // Served over http here (PUBLIC_BASE_URL is http://localhost:PORT), so not Secure.
    expect(attributes).not.toContain('secure');

    const current = await call(server, 'GET', '/api/session', { headers: { cookie } });
    expect(current.status).toBe(200);
    expect(await current.json()).toEqual(body);
    expect(current.headers.getSetCookie()).toEqual([]);

    const amended = await call(server, 'POST', `/api/timeline/${ENTRY_ID}/amend`, {
      headers: { cookie, 'x-csrf-token': body.csrfToken, origin: server.process.baseUrl },
      body: { summary: 'Amended through the browser session.', reason: 'Checked against the source' },
    });
    expect(amended.status).toBe(201);
    expect((await history()).at(-1)).toMatchObject({ type: 'EntryAmended', actor: `key:${rita.id}` });

    const rows = await server.database.query('SELECT * FROM sessions');
    const mine = rows.filter((row) => row.token_hash === sha256(token));
    expect(mine).toEqual([
      expect.objectContaining({ key_id: rita.id, csrf_token: body.csrfToken, expires_at: body.expiresAt }),
    ]);
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(JSON.stringify(rows)).not.toContain(rita.key.slice(-43));

    const anonymous = await call(server, 'GET', '/api/session');
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
  });

  it('refuses a wrong key with 401 and one message, whether malformed, unknown or revoked', async () => {
    const gone = await createKey(server, 'reviewer', 'gone');
    await revokeKey(server, gone.id);
    const unknown = `tlk_${'a'.repeat(12)}_${rita.key.slice(-43)}`;

    const messages = new Set<string>();
    for (const key of ['not-a-key', unknown, gone.key]) {
      const response = await call(server, 'POST', '/api/session', { body: { key } });
      expect(response.status).toBe(401);
      expect(response.headers.getSetCookie()).toEqual([]);
      const { error } = (await response.json()) as { error: { code: string; message: string } };
      expect(error.code).toBe('UNAUTHENTICATED');
      messages.add(error.message);
    }
    expect(messages.size).toBe(1);
    expect(await call(server, 'POST', '/api/session', { body: {} }).then((r) => r.status)).toBe(400);
  });

  it('signs out: 204, the cookie is cleared, the row deleted, and the old cookie opens nothing', async () => {
    const { body, cookie, token } = await signIn(server, rita.key);

    const out = await call(server, 'DELETE', '/api/session', {
      headers: { cookie, 'x-csrf-token': body.csrfToken },
    });

    expect(out.status).toBe(204);
    const [cleared] = out.headers.getSetCookie();
    expect(cleared).toMatch(/^timeline_session=;/);
    expect(cleared).toMatch(/Expires=Thu, 01 Jan 1970/);
    expect(
      await server.database.query('SELECT * FROM sessions WHERE token_hash = $1', [sha256(token)]),
    ).toEqual([]);
    const after = await call(server, 'GET', '/api/session', { headers: { cookie } });
    expect(after.status).toBe(401);
    expect(await after.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    const write = await call(server, 'POST', `/api/timeline/${ENTRY_ID}/amend`, {
      headers: { cookie, 'x-csrf-token': body.csrfToken },
      body: { summary: 'Not after sign-out.', reason: 'Should be refused' },
    });
    expect(write.status).toBe(401);
  });

  it("ends a key's sessions the moment the key is revoked", async () => {
    const short = await createKey(server, 'reviewer', 'short-lived');
    const { body, cookie } = await signIn(server, short.key);
    expect((await call(server, 'GET', '/api/session', { headers: { cookie } })).status).toBe(200);

    await revokeKey(server, short.id);

    expect((await call(server, 'GET', '/api/session', { headers: { cookie } })).status).toBe(401);
    const write = await call(server, 'POST', `/api/timeline/${ENTRY_ID}/amend`, {
      headers: { cookie, 'x-csrf-token': body.csrfToken },
      body: { summary: 'Not with a revoked key.', reason: 'Should be refused' },
    });
    expect(write.status).toBe(401);
  });

  it('refuses cookie-authenticated writes without the CSRF token or from another Origin (403, nothing written); Bearer needs neither', async () => {
    const { body, cookie } = await signIn(server, rita.key);
    const before = await history();
    const amend = { summary: 'A forged change.', reason: 'Written by another site' };

    const attempts: Array<[string, Record<string, string>]> = [
      ['no X-CSRF-Token header', { cookie }],
      ['wrong X-CSRF-Token', { cookie, 'x-csrf-token': `${body.csrfToken.slice(0, -1)}x` }],
      [
        'Origin https://evil.example',
        { cookie, 'x-csrf-token': body.csrfToken, origin: 'https://evil.example' },
      ],
      ['Origin null', { cookie, 'x-csrf-token': body.csrfToken, origin: 'null' }],
    ];
    for (const [why, headers] of attempts) {
      const response = await call(server, 'POST', `/api/timeline/${ENTRY_ID}/amend`, {
        headers,
        body: amend,
      });
      expect([why, response.status]).toEqual([why, 403]);
      expect(await response.json()).toMatchObject({ error: { code: 'CSRF_FAILED' } });
    }
    // Sign-out is a write too: a forged one leaves the session alive.
    const forgedSignOut = await call(server, 'DELETE', '/api/session', { headers: { cookie } });
    expect(forgedSignOut.status).toBe(403);
    expect((await call(server, 'GET', '/api/session', { headers: { cookie } })).status).toBe(200);
    expect(await history()).toEqual(before);

    // Reads need no token; Bearer writes need none either, whatever the Origin.
    expect((await call(server, 'GET', '/api/session', { headers: { cookie } })).status).toBe(200);
    const bearer = await call(server, 'POST', `/api/timeline/${ENTRY_ID}/amend`, {
      headers: { authorization: `Bearer ${rita.key}`, origin: 'https://evil.example' },
      body: { summary: 'Amended by a script.', reason: 'Scripts use Bearer keys' },
    });
    expect(bearer.status).toBe(201);
    expect(await history()).toHaveLength(before.length + 1);
  });
});

describe('sessions behind https (PUBLIC_BASE_URL=https://…)', () => {
  let server: Server;

  beforeAll(async () => {
    server = await startServer('sqlite', { PUBLIC_BASE_URL: 'https://timeline.example.org' });
  });
  afterAll(async () => {
    await stopServer(server);
  });

  it('sets a Secure __Host- cookie, and takes writes whose Origin is the public one', async () => {
    const { key } = await createKey(server, 'reviewer', 'rita');
    const { body, cookie, attributes } = await signIn(server, key);

    expect(cookie).toMatch(/^__Host-timeline_session=/);
    expect(attributes).toEqual(expect.arrayContaining(['secure', 'httponly', 'samesite=strict', 'path=/']));
    expect(attributes.some((a) => a.startsWith('domain='))).toBe(false);
    const write = await call(server, 'POST', `/api/timeline/${ENTRY_ID}/amend`, {
      headers: { cookie, 'x-csrf-token': body.csrfToken, origin: 'https://timeline.example.org' },
      body: { summary: 'Amended behind the proxy.', reason: 'The public origin is ours' },
    });
    expect(write.status).toBe(201);
  });

  it('compares Origin with PUBLIC_BASE_URL exactly, never with the Host header the client sends', async () => {
    const { key } = await createKey(server, 'reviewer', 'rita');
    const { body, cookie } = await signIn(server, key);
    const port = new URL(server.process.baseUrl).port;
    const forgeries: Array<[string, Record<string, string>]> = [
      ['Host and Origin both forged', { host: 'evil.example', origin: 'http://evil.example' }],
      [
        'Host and Origin forged to our port',
        { host: `127.0.0.1:${port}`, origin: `http://127.0.0.1:${port}` },
      ],
      ['Origin with userinfo', { origin: 'https://rita@timeline.example.org' }],
      ['Origin on another port', { origin: 'https://timeline.example.org:8443' }],
      ['Origin over http', { origin: 'http://timeline.example.org' }],
    ];
    for (const [why, forged] of forgeries) {
      const status = await rawPost(server, `/api/timeline/${ENTRY_ID}/amend`, {
        cookie,
        'x-csrf-token': body.csrfToken,
        ...forged,
      });
      expect([why, status]).toEqual([why, 403]);
    }
  });
});

/** A POST through node:http, which (unlike fetch) sends whatever Host header it is given. */
function rawPost(server: Server, path: string, headers: Record<string, string>): Promise<number> {
  const payload = JSON.stringify({ summary: 'A forged change.', reason: 'Written by another site' });
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      `${server.process.baseUrl}${path}`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          ...headers,
        },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

describe('rate limits', () => {
  let server: Server;

  beforeAll(async () => {
    server = await startServer('sqlite');
  });
  afterAll(async () => {
    await stopServer(server);
  });

  it('answers the 11th sign-in attempt in a minute from one address with 429 and Retry-After', async () => {
    const { key } = await createKey(server, 'reviewer', 'rita');
    for (let attempt = 1; attempt <= 10; attempt += 1) {
      const response = await call(server, 'POST', '/api/session', { body: { key: `tlk_guess_${attempt}` } });
      expect([attempt, response.status]).toEqual([attempt, 401]);
    }

    // The limit counts attempts, not failures: now even the right key waits.
    const limited = await call(server, 'POST', '/api/session', { body: { key } });

    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited.headers.getSetCookie()).toEqual([]);
    expect(await limited.json()).toEqual({
      error: {
        code: 'RATE_LIMITED',
        message: expect.stringMatching(/^Too many sign-in attempts/) as string,
        details: { limit: 10, windowSeconds: 60, retryAfterSeconds: retryAfter },
      },
    });
    // Other routes are not held back by the sign-in limit.
    expect((await call(server, 'GET', '/api/timeline?limit=1')).status).toBe(200);
    const write = await call(server, 'POST', `/api/timeline/${ENTRY_ID}/amend`, {
      headers: { authorization: `Bearer ${key}` },
      body: { summary: 'Written while sign-in is limited.', reason: 'Bearer keys are not signing in' },
    });
    expect(write.status).toBe(201);
  });

  it('answers the 121st write in a minute by one key with 429; other keys and reads go on', async () => {
    const busy = await createKey(server, 'reviewer', 'busy');
    const calm = await createKey(server, 'reviewer', 'calm');
    // Refused amendments (409: nothing to change) still count: the limit is on requests, before
    // they are looked at.
    const write = (key: string) =>
      call(server, 'POST', `/api/timeline/${ENTRY_ID}/amend`, {
        headers: { authorization: `Bearer ${key}` },
        body: { reason: 'no change given' },
      });
    const statuses = await Promise.all(
      Array.from({ length: 120 }, () => write(busy.key)).map((r) => r.then((x) => x.status)),
    );
    expect(new Set(statuses)).toEqual(new Set([409]));

    const limited = await write(busy.key);

    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await limited.json()).toMatchObject({
      error: { code: 'RATE_LIMITED', message: expect.stringMatching(/^Too many writes/) as string },
    });
    expect((await write(calm.key)).status).toBe(409);
    expect((await call(server, 'GET', `/api/timeline/${ENTRY_ID}`)).status).toBe(200);
  });
});
