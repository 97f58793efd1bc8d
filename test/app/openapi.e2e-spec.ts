import { EXPORT_FORMATS } from '@app/timeline';
import type { z } from 'zod';

import { feedListResponse, registeredFeedResponse } from '../../apps/api/src/feeds/feed-responses.schema';
import { openApiSchema } from '../../apps/api/src/http/openapi';
import {
  candidateDetailResponse,
  candidatePageResponse,
  candidateResponse,
} from '../../apps/api/src/review/candidate-responses.schema';
import {
  createdSubscriptionResponse,
  subscriptionListResponse,
} from '../../apps/api/src/subscriptions/subscription-responses.schema';
import {
  entryWithHistoryResponse,
  facetsResponse,
  timelinePageResponse,
} from '../../apps/api/src/timeline/timeline-responses.schema';
import { createKeyByCli, type RunningProcess, startProcess, testConfig } from '../support';

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema: Record<string, unknown>;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
  security?: Array<Record<string, string[]>>;
}
interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, Record<string, unknown>>; schemas?: Record<string, unknown> };
}

/** The OpenAPI document as a client reads it at /api/docs/openapi.json, beside the answers it describes. */
describe('the OpenAPI document', () => {
  let server: RunningProcess;
  let document: OpenApiDocument;
  let admin: string;

  beforeAll(async () => {
    const { env } = testConfig('sqlite');
    server = await startProcess('dist/apps/api/src/main.js', env, /API listening on/, 90_000);
    document = (await (await fetch(`${server.baseUrl}/api/docs/openapi.json`)).json()) as OpenApiDocument;
    admin = await createKeyByCli(env, 'admin', 'ops');
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  const operations = () =>
    Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({
        route: `${method.toUpperCase()} ${path}`,
        operation,
      })),
    );
  const operation = (method: string, path: string) => document.paths[path]![method]!;
  const query = (method: string, path: string, name: string) =>
    operation(method, path).parameters?.find((p) => p.in === 'query' && p.name === name);
  const call = async (method: string, path: string, body?: object) => {
    const response = await fetch(`${server.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${admin}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: response.status, body: (await response.json()) as unknown };
  };

  it('names the API key as the bearer scheme it is sent by, and the session cookie as its own', () => {
    expect(Object.keys(document.components.securitySchemes).sort()).toEqual(['api-key', 'session']);
    expect(document.components.securitySchemes).toMatchObject({
      'api-key': { type: 'http', scheme: 'bearer', bearerFormat: 'tlk_<id>_<secret>' },
      session: { type: 'apiKey', in: 'cookie', name: 'timeline_session' },
    });
    expect(JSON.stringify(document)).not.toMatch(/JWT/);
    // Every route that can answer 401 says which credentials it takes, each once (signing in itself takes a key in its body).
    const guarded = operations().filter(
      ({ route, operation }) => operation.responses['401'] && !route.endsWith(' /api/session'),
    );
    expect(guarded.length).toBeGreaterThan(30);
    for (const { route, operation } of guarded) {
      const requirements = (operation.security ?? []).map((r) => JSON.stringify(r));
      expect({ route, apiKey: requirements.includes('{"api-key":[]}') }).toEqual({ route, apiKey: true });
      expect({ route, session: requirements.includes('{"session":[]}') }).toEqual({ route, session: true });
      expect({ route, requirements }).toEqual({ route, requirements: [...new Set(requirements)] });
    }
    // Public reads take a key only when PUBLIC_READ is false: the key is optional there.
    expect(operation('get', '/api/timeline').security).toEqual([{}, { 'api-key': [] }, { session: [] }]);
  });

  it("documents the export's format and the list's paging and includeRetracted from their schemas", () => {
    expect(query('get', '/api/timeline/export', 'format')).toMatchObject({
      required: false,
      schema: { type: 'string', enum: [...EXPORT_FORMATS], default: 'json' },
    });
    expect(Object.keys(operation('get', '/api/timeline/export').responses['200']!.content!)).toEqual(
      expect.arrayContaining(['application/json', 'text/csv', 'text/calendar', 'application/atom+xml']),
    );
    expect(query('get', '/api/timeline', 'limit')).toMatchObject({
      required: false,
      schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
    });
    expect(query('get', '/api/timeline', 'offset')).toMatchObject({
      required: false,
      schema: { type: 'integer', minimum: 0, default: 0 },
    });
    expect(query('get', '/api/timeline', 'includeRetracted')).toMatchObject({
      schema: { type: 'string', enum: ['true', 'false'] },
    });
    expect(query('get', '/api/timeline', 'country')).toMatchObject({ schema: { type: 'array' } });
    expect(query('get', '/api/review/candidates', 'limit')).toMatchObject({ schema: { maximum: 200 } });
    expect(query('get', '/api/subscriptions/{id}/deliveries', 'limit')).toMatchObject({
      schema: { maximum: 500 },
    });
  });

  it('documents every request body from its schema: fields, required ones, no unknown field', () => {
    const bodies = operations().filter(({ operation }) => operation.requestBody);
    expect(bodies.length).toBeGreaterThanOrEqual(12);
    for (const { route, operation } of bodies) {
      const schema = operation.requestBody!.content['application/json']!.schema;
      expect({ route, type: schema.type, closed: schema.additionalProperties }).toEqual({
        route,
        type: 'object',
        closed: false,
      });
    }
    expect(operation('post', '/api/feeds').requestBody!.content['application/json']!.schema).toMatchObject({
      required: ['url'],
      properties: { url: { type: 'string' }, title: { nullable: true }, language: { nullable: true } },
    });
    // The class Nest guessed from `z.output<...>` before there was a schema is gone.
    expect(document.components.schemas ?? {}).toEqual({});
  });

  it('documents ids in paths with the schema that checks them', () => {
    const path = (method: string, route: string) =>
      operation(method, route).parameters?.find((p) => p.in === 'path' && p.name === 'id');
    expect(path('get', '/api/timeline/{id}')).toMatchObject({
      required: true,
      schema: { type: 'string', format: 'uuid' },
    });
    expect(path('post', '/api/review/candidates/{id}/approve')).toMatchObject({
      required: true,
      schema: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._:@-]{0,189}$' },
    });
  });

  it('documents response bodies with schemas that the real answers match', async () => {
    const documented = (method: string, path: string, status: string) =>
      operation(method, path).responses[status]!.content!['application/json']!.schema;
    const cases: Array<
      [string, string, string, z.ZodType, () => Promise<{ status: number; body: unknown }>]
    > = [
      ['get', '/api/timeline', '200', timelinePageResponse, () => call('GET', '/api/timeline?limit=5')],
      ['get', '/api/timeline/facets', '200', facetsResponse, () => call('GET', '/api/timeline/facets')],
      [
        'get',
        '/api/timeline/{id}',
        '200',
        entryWithHistoryResponse,
        async () => {
          const page = timelinePageResponse.parse((await call('GET', '/api/timeline?limit=1')).body);
          return call('GET', `/api/timeline/${page.entries[0]!.id}`);
        },
      ],
      [
        'post',
        '/api/feeds',
        '201',
        registeredFeedResponse,
        () => call('POST', '/api/feeds', { url: 'https://feeds.example/openapi.rss', title: 'Example' }),
      ],
      ['get', '/api/feeds', '200', feedListResponse, () => call('GET', '/api/feeds')],
      [
        'post',
        '/api/subscriptions',
        '201',
        createdSubscriptionResponse,
        () => call('POST', '/api/subscriptions', { channel: 'webhook', target: 'https://hooks.example/in' }),
      ],
      ['get', '/api/subscriptions', '200', subscriptionListResponse, () => call('GET', '/api/subscriptions')],
    ];
    const proposal = {
      title: 'Kyrgyz and Chinese police open a joint training centre',
      summary: 'The centre in Bishkek trains Kyrgyz officers.',
      date: { start: '2026-02', precision: 'month' },
      countries: ['KG', 'CN'],
      actors: [],
      categories: ['policing'],
      places: ['bishkek'],
      source: { title: 'Police cooperation', url: 'https://24.kg/english/1', publisher: '24.kg' },
    };
    let proposed = '';
    cases.push(
      [
        'post',
        '/api/review/candidates',
        '201',
        candidateResponse,
        async () => {
          const answer = await call('POST', '/api/review/candidates', proposal);
          proposed = (answer.body as { id: string }).id;
          return answer;
        },
      ],
      [
        'get',
        '/api/review/candidates',
        '200',
        candidatePageResponse,
        () => call('GET', '/api/review/candidates'),
      ],
      [
        'get',
        '/api/review/candidates/{id}',
        '200',
        candidateDetailResponse,
        () => call('GET', `/api/review/candidates/${proposed}`),
      ],
    );
    for (const [method, path, status, schema, answer] of cases) {
      const route = `${method.toUpperCase()} ${path}`;
      expect({ route, documented: documented(method, path, status) }).toEqual({
        route,
        documented: openApiSchema(schema, 'output'),
      });
      const real = await answer();
      expect({ route, status: real.status }).toEqual({ route, status: Number(status) });
      const parsed = schema.safeParse(real.body);
      expect({ route, issues: parsed.error?.issues ?? [] }).toEqual({ route, issues: [] });
    }
  });
});
