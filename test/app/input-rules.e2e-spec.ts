import { SEED_ENTRIES, SeedImporter } from '@app/seed';

import { DATABASE_KINDS, type RunningProcess, createKeyByCli, startProcess, testConfig } from '../support';

const ENTRY = SeedImporter.entryId(SEED_ENTRIES[0]!.key);
const SOME_UUID = '0195a000-0000-7000-8000-0000000000ff';

/**
 * Every write route with a body it would accept (so that only the extra field can be refused).
 * The test checks below that this list covers every write route the OpenAPI document names.
 */
const WRITE_ROUTES: Array<{
  method: string;
  path: string;
  role: 'admin' | 'reviewer' | 'none';
  body?: object;
}> = [
  {
    method: 'POST',
    path: '/api/review/candidates',
    role: 'reviewer',
    body: {
      title: 'A proposal',
      summary: 'Something happened.',
      date: { start: '2024-04-03', precision: 'day' },
      countries: ['KZ'],
      actors: [],
      categories: ['diplomacy'],
      source: { title: 'A report' },
    },
  },
  { method: 'POST', path: '/api/review/candidates/c-1/approve', role: 'reviewer', body: {} },
  {
    method: 'POST',
    path: '/api/review/candidates/c-1/reject',
    role: 'reviewer',
    body: { reason: 'off topic' },
  },
  {
    method: 'POST',
    path: '/api/review/candidates/c-1/merge',
    role: 'reviewer',
    body: { entryId: SOME_UUID },
  },
  { method: 'POST', path: '/api/review/candidates/c-1/promote', role: 'reviewer' },
  { method: 'POST', path: '/api/review/candidates/c-1/undo', role: 'reviewer' },
  {
    method: 'POST',
    path: '/api/review/candidates/c-1/reopen',
    role: 'reviewer',
    body: { reason: 'worth a second look' },
  },
  { method: 'POST', path: '/api/feeds', role: 'admin', body: { url: 'https://feeds.example/rss' } },
  { method: 'POST', path: '/api/feeds/try', role: 'admin', body: { url: 'https://feeds.example/rss' } },
  { method: 'PATCH', path: `/api/feeds/${SOME_UUID}`, role: 'admin', body: { title: 'Renamed' } },
  { method: 'DELETE', path: `/api/feeds/${SOME_UUID}`, role: 'admin' },
  { method: 'POST', path: `/api/feeds/${SOME_UUID}/pause`, role: 'admin', body: { reason: 'migrating' } },
  { method: 'POST', path: `/api/feeds/${SOME_UUID}/resume`, role: 'admin' },
  { method: 'POST', path: `/api/timeline/${ENTRY}/amend`, role: 'reviewer', body: { reason: 'clarity' } },
  { method: 'POST', path: `/api/timeline/${ENTRY}/retract`, role: 'reviewer', body: { reason: 'duplicate' } },
  { method: 'POST', path: '/api/session', role: 'none', body: { key: 'not-a-key' } },
  { method: 'DELETE', path: '/api/session', role: 'none' },
  { method: 'POST', path: '/api/keys', role: 'admin', body: { role: 'viewer', name: 'a key' } },
  { method: 'DELETE', path: `/api/keys/${SOME_UUID}`, role: 'admin' },
  {
    method: 'POST',
    path: '/api/subscriptions',
    role: 'admin',
    body: { channel: 'webhook', target: 'https://hooks.example/in' },
  },
  { method: 'DELETE', path: `/api/subscriptions/${SOME_UUID}`, role: 'admin' },
  { method: 'POST', path: `/api/subscriptions/${SOME_UUID}/pause`, role: 'admin' },
  { method: 'POST', path: `/api/subscriptions/${SOME_UUID}/erase`, role: 'admin' },
  { method: 'POST', path: `/api/subscriptions/${SOME_UUID}/resume`, role: 'admin' },
  { method: 'POST', path: `/api/subscriptions/${SOME_UUID}/deliveries/${SOME_UUID}/replay`, role: 'admin' },
  { method: 'POST', path: '/api/subscriptions/email', role: 'none', body: { email: 'reader@example.org' } },
  { method: 'POST', path: '/unsubscribe?token=nope', role: 'none' },
];

/** `{ ...body, <extra> }` as JSON text: `__proto__` must be a real key, which an object literal cannot make. */
function withExtra(body: object | undefined, extra: string): string {
  const inner = JSON.stringify(body ?? {}).slice(1, -1);
  return `{${inner}${inner ? ',' : ''}${extra}}`;
}

describe.each(DATABASE_KINDS)('input rules (%s)', (kind) => {
  let server: RunningProcess;
  let keys: Record<'admin' | 'reviewer', string>;

  beforeAll(async () => {
    const { env } = testConfig(kind);
    server = await startProcess('dist/apps/all-in-one/src/main.js', env, /listening on/);
    keys = { admin: await createKeyByCli(env, 'admin'), reviewer: await createKeyByCli(env, 'reviewer') };
  }, 60_000);
  afterAll(async () => {
    await server.stop();
  });

  const send = (method: string, path: string, role: 'admin' | 'reviewer' | 'none', body?: string) =>
    fetch(`${server.baseUrl}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(role === 'none' ? {} : { authorization: `Bearer ${keys[role]}` }),
        origin: server.baseUrl.replace('127.0.0.1', 'localhost'),
      },
      body,
    });

  const refusal = async (response: Response) => ({
    status: response.status,
    body: (await response.json()) as { error: { code: string; message: string; details: { field: string } } },
  });

  it('the route list covers every write route the API documents', async () => {
    const document = (await (await fetch(`${server.baseUrl}/api/docs/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const documented = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods)
        .filter((method) => ['post', 'put', 'patch', 'delete'].includes(method))
        .map((method) => `${method.toUpperCase()} ${path.replace(/\{[^}]+\}/g, ':param')}`),
    );
    const listed = WRITE_ROUTES.map(
      ({ method, path }) =>
        `${method} ${path
          .split('?')[0]!
          .replace(/[0-9a-f-]{36}/g, ':param')
          .replace(/\/c-1\//, '/:param/')}`,
    );
    expect(listed.filter((route) => !route.startsWith('POST /unsubscribe')).sort()).toEqual(
      [...new Set(documented)].sort(),
    );
  });

  it.each(WRITE_ROUTES)(
    '$method $path refuses __proto__ and unknown fields with a 400 naming them',
    async (route) => {
      for (const [extra, field] of [
        ['"__proto__":{"isAdmin":true}', '__proto__'],
        ['"surprise":1', 'surprise'],
      ] as const) {
        const { status, body } = await refusal(
          await send(route.method, route.path, route.role, withExtra(route.body, extra)),
        );
        expect({ status, field: body.error.details?.field, message: body.error.message }).toEqual({
          status: 400,
          field,
          message: `${field}: is not a field here`,
        });
      }
    },
  );

  it.each([
    ['NUL', '\u0000'],
    ['ESC', '\u001b'],
    ['VT', '\u000b'],
    ['a C1 control', '\u0085'],
    ['a lone surrogate', '\ud800'],
  ])('refuses %s in bodies with a 400 naming the field', async (_name, character) => {
    const cases: Array<[string, string, 'admin' | 'reviewer' | 'none', object, string]> = [
      [
        'POST',
        `/api/timeline/${ENTRY}/amend`,
        'reviewer',
        { title: `A${character}title`, reason: 'clarity' },
        'changes.title',
      ],
      ['POST', `/api/timeline/${ENTRY}/amend`, 'reviewer', { reason: `clar${character}ity` }, 'reason'],
      ['POST', '/api/review/candidates/c-1/reject', 'reviewer', { reason: `off${character}topic` }, 'reason'],
      ['POST', '/api/keys', 'admin', { role: 'viewer', name: `key${character}` }, 'name'],
      ['POST', '/api/feeds', 'admin', { url: `https://feeds.example/${character}` }, 'url'],
      ['PATCH', `/api/feeds/${SOME_UUID}`, 'admin', { title: `T${character}` }, 'title'],
      [
        'POST',
        '/api/subscriptions',
        'admin',
        { channel: 'webhook', target: 'https://hooks.example/in', filters: { keywords: [`w${character}`] } },
        'filters.keywords.0',
      ],
      ['POST', '/api/session', 'none', { key: `k${character}` }, 'key'],
    ];
    for (const [method, path, role, body, field] of cases) {
      const { status, body: answer } = await refusal(await send(method, path, role, JSON.stringify(body)));
      expect({ path, status, field: answer.error.details?.field }).toEqual({ path, status: 400, field });
      expect(answer.error.message).toMatch(/only tab and newline are allowed/);
    }
  });

  it('refuses control characters in public sign-up bodies', async () => {
    // One request: sign-ups have a low limit of their own.
    const { status, body } = await refusal(
      await send(
        'POST',
        '/api/subscriptions/email',
        'none',
        JSON.stringify({ email: 'a\u0000@example.org' }),
      ),
    );
    expect({ status, field: body.error.details.field }).toEqual({ status: 400, field: 'email' });
  });

  it('refuses control characters in query strings with a 400 naming the parameter', async () => {
    const cases: Array<[string, string]> = [
      ['/api/timeline?q=%00', 'q'],
      ['/api/timeline?q=a%1Bb', 'q'],
      ['/api/timeline?actor=a%0Bb', 'actor.0'],
      ['/api/timeline/export?format=csv&q=%00', 'q'],
      ['/feed.atom?q=%00', 'q'],
      ['/api/review/candidates?q=%00', 'q'],
    ];
    for (const [path, field] of cases) {
      const role = path.startsWith('/api/review') ? 'reviewer' : 'none';
      const { status, body } = await refusal(await send('GET', path, role));
      expect({ path, status, body }).toMatchObject({
        path,
        status: 400,
        body: { error: { details: { field } } },
      });
    }
    const removed = await refusal(await send('DELETE', `/api/feeds/${SOME_UUID}?reason=gone%00`, 'admin'));
    expect({ status: removed.status, field: removed.body.error.details.field }).toEqual({
      status: 400,
      field: 'reason',
    });
  });

  it('wants visible characters in a title; tab, newline and every script are fine', async () => {
    for (const title of ['\u200b\u200b', '\u200d\ufeff\u2060', ' \u3164 ']) {
      const { status, body } = await refusal(
        await send(
          'POST',
          `/api/timeline/${ENTRY}/amend`,
          'reviewer',
          JSON.stringify({ title, reason: 'blank' }),
        ),
      );
      expect({ status, field: body.error.details.field, message: body.error.message }).toEqual({
        status: 400,
        field: 'changes.title',
        message: expect.stringMatching(/visible characters/) as string,
      });
    }
    const fine = await send(
      'POST',
      `/api/timeline/${ENTRY}/amend`,
      'reviewer',
      JSON.stringify({ title: 'ШОС 上海合作组织 😀', summary: 'Line one\n\tLine two', reason: 'scripts' }),
    );
    expect(fine.status).toBe(201);
    expect(((await fine.json()) as { entry: { title: string } }).entry.title).toBe('ШОС 上海合作组织 😀');
  });
});
