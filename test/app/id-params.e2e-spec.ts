import { DATABASE_KINDS, type RunningProcess, createKeyByCli, startProcess, testConfig } from '../support';

type Role = 'admin' | 'reviewer' | 'none';
type IdKind = 'uuid' | 'candidate' | 'key' | 'message';

/** Well-formed ids that name nothing: a UUID (v7, as the API mints them) and a candidate id. */
const UNKNOWN_UUID = '0195a000-0000-7000-8000-0000000000ff';
const UNKNOWN_CANDIDATE = 'c-unknown';
const UNKNOWN_KEY = 'abcdefgh2345';
const UNKNOWN_MESSAGE = '1795305600000-0123abcd';

/**
 * Every route with an id in its path, with a body it would accept. `:id` is the id under test;
 * `:deliveryId` stays a well-formed unknown one unless it is the one under test.
 */
const ROUTES: Array<{ method: string; path: string; role: Role; body?: object; ids: IdKind }> = [
  { method: 'DELETE', path: '/api/keys/:id', role: 'admin', ids: 'key' },
  { method: 'GET', path: '/api/admin/outbox/:id', role: 'admin', ids: 'message' },
  { method: 'GET', path: '/api/timeline/:id', role: 'none', ids: 'uuid' },
  {
    method: 'POST',
    path: '/api/timeline/:id/amend',
    role: 'reviewer',
    body: { reason: 'clarity', title: 'A clearer title' },
    ids: 'uuid',
  },
  {
    method: 'POST',
    path: '/api/timeline/:id/retract',
    role: 'reviewer',
    body: { reason: 'duplicate' },
    ids: 'uuid',
  },
  { method: 'GET', path: '/api/feeds/:id', role: 'admin', ids: 'uuid' },
  { method: 'PATCH', path: '/api/feeds/:id', role: 'admin', body: { title: 'Renamed' }, ids: 'uuid' },
  { method: 'DELETE', path: '/api/feeds/:id', role: 'admin', ids: 'uuid' },
  { method: 'GET', path: '/api/subscriptions/:id', role: 'admin', ids: 'uuid' },
  { method: 'DELETE', path: '/api/subscriptions/:id', role: 'admin', ids: 'uuid' },
  { method: 'POST', path: '/api/subscriptions/:id/pause', role: 'admin', ids: 'uuid' },
  { method: 'POST', path: '/api/subscriptions/:id/resume', role: 'admin', ids: 'uuid' },
  { method: 'POST', path: '/api/subscriptions/:id/erase', role: 'admin', ids: 'uuid' },
  { method: 'GET', path: '/api/subscriptions/:id/deliveries', role: 'admin', ids: 'uuid' },
  {
    method: 'POST',
    path: '/api/subscriptions/:id/deliveries/:deliveryId/replay',
    role: 'admin',
    ids: 'uuid',
  },
  { method: 'GET', path: '/api/review/candidates/:id', role: 'reviewer', ids: 'candidate' },
  { method: 'GET', path: '/api/review/candidates/:id/merge-targets', role: 'reviewer', ids: 'candidate' },
  {
    method: 'POST',
    path: '/api/review/candidates/:id/approve',
    role: 'reviewer',
    body: {},
    ids: 'candidate',
  },
  {
    method: 'POST',
    path: '/api/review/candidates/:id/reject',
    role: 'reviewer',
    body: { reason: 'off topic' },
    ids: 'candidate',
  },
  {
    method: 'POST',
    path: '/api/review/candidates/:id/merge',
    role: 'reviewer',
    body: { entryId: UNKNOWN_UUID },
    ids: 'candidate',
  },
  { method: 'POST', path: '/api/review/candidates/:id/promote', role: 'reviewer', ids: 'candidate' },
  { method: 'POST', path: '/api/review/candidates/:id/undo', role: 'reviewer', ids: 'candidate' },
  {
    method: 'POST',
    path: '/api/review/candidates/:id/reopen',
    role: 'reviewer',
    body: { reason: 'worth a second look' },
    ids: 'candidate',
  },
];

/** Ids a client might send by mistake; each must be refused before it reaches a query. */
const MALFORMED = {
  uuid: [
    'not-a-uuid',
    '42',
    '0195a000-0000-7000-8000-0000000000f',
    "0195a000-0000-7000-8000-0000000000ff' OR 1=1",
  ],
  candidate: ['-starts-with-a-dash', 'has space', 'x'.repeat(191)],
  key: ['tlk_abcdefgh2345', 'ABCDEFGH2345', 'abcdefgh234'],
  message: ['../../etc/passwd', '1795305600000-0123ABCD', 'message'],
};
/** What each kind of id is told when it is malformed, and a well-formed one that names nothing. */
const KINDS = {
  uuid: { message: 'id: must be a UUID', unknown: UNKNOWN_UUID },
  candidate: { message: 'id: is not a candidate id', unknown: UNKNOWN_CANDIDATE },
  key: { message: 'id: is not a key id', unknown: UNKNOWN_KEY },
  message: { message: 'id: is not an outbox message id', unknown: UNKNOWN_MESSAGE },
};

interface ErrorBody {
  error: { code: string; message: string; details?: { field?: string } };
}

/** The answer's status and error, as a client would check them. */
async function refusal(response: Response) {
  const body = (await response.json()) as ErrorBody;
  return {
    status: response.status,
    code: body.error.code,
    field: body.error.details?.field,
    message: body.error.message,
  };
}

describe.each(DATABASE_KINDS)('ids in paths (%s)', (kind) => {
  let server: RunningProcess;
  let keys: Record<'admin' | 'reviewer', string>;

  beforeAll(async () => {
    const { env } = testConfig(kind);
    server = await startProcess('dist/apps/api/src/main.js', env, /API listening on/, 90_000);
    keys = { admin: await createKeyByCli(env, 'admin'), reviewer: await createKeyByCli(env, 'reviewer') };
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  const send = (method: string, path: string, role: Role, body?: object) =>
    fetch(`${server.baseUrl}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(role === 'none' ? {} : { authorization: `Bearer ${keys[role]}` }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const pathWith = (template: string, ids: { id: string; deliveryId?: string }) =>
    template
      .replace(':id', encodeURIComponent(ids.id))
      .replace(':deliveryId', encodeURIComponent(ids.deliveryId ?? UNKNOWN_UUID));

  it.each(ROUTES)('$method $path refuses a malformed id as it refuses a bad body field', async (route) => {
    for (const id of MALFORMED[route.ids]) {
      const answer = await refusal(
        await send(route.method, pathWith(route.path, { id }), route.role, route.body),
      );
      expect({ id, ...answer }).toEqual({
        id,
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'id',
        message: KINDS[route.ids].message,
      });
    }
  });

  it('refuses a malformed delivery id, naming it', async () => {
    const answer = await refusal(
      await send(
        'POST',
        pathWith('/api/subscriptions/:id/deliveries/:deliveryId/replay', {
          id: UNKNOWN_UUID,
          deliveryId: 'nope',
        }),
        'admin',
      ),
    );
    expect(answer).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
      field: 'deliveryId',
      message: 'deliveryId: must be a UUID',
    });
  });

  it('answers a bad id and a bad body field in the same shape', async () => {
    const badId = await refusal(await send('PATCH', '/api/feeds/not-a-uuid', 'admin', { title: 'Renamed' }));
    const badField = await refusal(await send('PATCH', `/api/feeds/${UNKNOWN_UUID}`, 'admin', { title: 5 }));
    expect(badField).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
      field: 'title',
      message: expect.stringMatching(/^title: /) as string,
    });
    expect(Object.keys(badId).sort()).toEqual(Object.keys(badField).sort());
    expect(badId.code).toBe(badField.code);
  });

  it.each(ROUTES)('$method $path answers 404 for a well-formed id of nothing', async (route) => {
    const id = KINDS[route.ids].unknown;
    const answer = await refusal(
      await send(route.method, pathWith(route.path, { id }), route.role, route.body),
    );
    expect({ status: answer.status, code: answer.code }).toEqual({
      status: 404,
      code: expect.stringMatching(/NOT_FOUND$/) as string,
    });
  });
});
