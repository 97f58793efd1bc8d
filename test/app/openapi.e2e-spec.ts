import { EXPORT_FORMATS } from '@app/timeline';
import type { z } from 'zod';

import { outboxListResponse, outboxMessageResponse } from '../../apps/api/src/admin/outbox-responses.schema';
import { eventPageResponse } from '../../apps/api/src/events/event-responses.schema';
import {
  adminFeedListResponse,
  feedListResponse,
  feedTryResponse,
  registeredFeedResponse,
} from '../../apps/api/src/feeds/feed-responses.schema';
import { openApiSchema } from '../../apps/api/src/http/openapi';
import { keyListResponse, keyResponse } from '../../apps/api/src/keys/keys.controller';
import {
  candidateDetailResponse,
  candidatePageResponse,
  candidateResponse,
  decisionResponse,
  mergeTargetsResponse,
  reviewSettingsResponse,
} from '../../apps/api/src/review/candidate-responses.schema';
import {
  createdSubscriptionResponse,
  deliveryPageResponse,
  deliveryResponse,
  erasureResponse,
  subscriptionListResponse,
} from '../../apps/api/src/subscriptions/subscription-responses.schema';
import {
  entryWithHistoryResponse,
  facetsResponse,
  timelinePageResponse,
} from '../../apps/api/src/timeline/timeline-responses.schema';
import { type FeedServer, startFeedServer } from '../ingest/feed-server';
import { createKeyByCli, expectEventually, type RunningProcess, startProcess, testConfig } from '../support';

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
  let feeds: FeedServer;
  let document: OpenApiDocument;
  let admin: string;

  beforeAll(async () => {
    // A short undo window: long enough to undo an approval, short enough for its alert to go out.
    const env = { ...testConfig('sqlite').env, UNDO_WINDOW: '3s' };
    feeds = await startFeedServer();
    // With the worker: its deliveries and mail are answers the documentation describes too.
    server = await startProcess('dist/apps/all-in-one/src/main.js', env, /listening on/, 90_000);
    document = (await (await fetch(`${server.baseUrl}/api/docs/openapi.json`)).json()) as OpenApiDocument;
    admin = await createKeyByCli(env, 'admin', 'ops');
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await feeds?.close();
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
  /** The answer once `ready` holds of its body (what the worker writes comes a moment later). */
  const callUntil = (path: string, ready: (body: never) => boolean) =>
    expectEventually(async () => {
      const answer = await call('GET', path);
      expect(ready(answer.body as never)).toBe(true);
      return answer;
    });

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
    let webhook = '';
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
        async () => {
          const answer = await call('POST', '/api/subscriptions', {
            channel: 'webhook',
            target: 'https://hooks.example/in',
          });
          webhook = (answer.body as { id: string }).id;
          return answer;
        },
      ],
      ['get', '/api/subscriptions', '200', subscriptionListResponse, () => call('GET', '/api/subscriptions')],
      [
        'post',
        '/api/feeds/try',
        '200',
        feedTryResponse,
        () => call('POST', '/api/feeds/try', { url: feeds.url('/wire.xml') }),
      ],
      ['get', '/api/admin/feeds', '200', adminFeedListResponse, () => call('GET', '/api/admin/feeds')],
      ['get', '/api/events', '200', eventPageResponse, () => call('GET', '/api/events?limit=50')],
      ['get', '/api/keys', '200', keyListResponse, () => call('GET', '/api/keys')],
      [
        'delete',
        '/api/keys/{id}',
        '200',
        keyResponse,
        async () => {
          const created = await call('POST', '/api/keys', { role: 'viewer', name: 'revoked at once' });
          return call('DELETE', `/api/keys/${(created.body as { id: string }).id}`);
        },
      ],
      [
        'get',
        '/api/review/settings',
        '200',
        reviewSettingsResponse,
        () => call('GET', '/api/review/settings'),
      ],
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
      [
        'get',
        '/api/review/candidates/{id}/merge-targets',
        '200',
        mergeTargetsResponse,
        () => call('GET', `/api/review/candidates/${proposed}/merge-targets?q=police`),
      ],
      [
        'post',
        '/api/review/candidates/{id}/approve',
        '200',
        decisionResponse,
        () =>
          call('POST', `/api/review/candidates/${proposed}/approve`, {
            title: 'A joint training centre opens',
          }),
      ],
      [
        'post',
        '/api/review/candidates/{id}/undo',
        '200',
        decisionResponse,
        () => call('POST', `/api/review/candidates/${proposed}/undo`),
      ],
      [
        'post',
        '/api/review/candidates/{id}/reject',
        '200',
        decisionResponse,
        () => call('POST', `/api/review/candidates/${proposed}/reject`, { reasonCode: 'not-security' }),
      ],
      [
        'post',
        '/api/review/candidates/{id}/reopen',
        '200',
        decisionResponse,
        () => call('POST', `/api/review/candidates/${proposed}/reopen`, { reason: 'worth a second look' }),
      ],
      [
        'post',
        '/api/review/candidates/{id}/merge',
        '200',
        decisionResponse,
        async () => {
          const page = timelinePageResponse.parse((await call('GET', '/api/timeline?limit=1')).body);
          return call('POST', `/api/review/candidates/${proposed}/merge`, { entryId: page.entries[0]!.id });
        },
      ],
      [
        'get',
        '/api/subscriptions/{id}/deliveries',
        '200',
        deliveryPageResponse,
        async () => {
          const other = await call('POST', '/api/review/candidates', {
            ...proposal,
            title: 'Chinese and Tajik border guards hold a joint patrol',
            source: { ...proposal.source, url: 'https://24.kg/english/2' },
          });
          const approved = await call(
            'POST',
            `/api/review/candidates/${(other.body as { id: string }).id}/approve`,
          );
          expect(approved.status).toBe(200);
          return callUntil(
            `/api/subscriptions/${webhook}/deliveries`,
            (page: { deliveries: Array<{ attemptLog: unknown[] }> }) =>
              page.deliveries.some((delivery) => delivery.attemptLog.length > 0),
          );
        },
      ],
      [
        'post',
        '/api/subscriptions/{id}/deliveries/{deliveryId}/replay',
        '202',
        deliveryResponse,
        async () => {
          const page = deliveryPageResponse.parse(
            (await call('GET', `/api/subscriptions/${webhook}/deliveries`)).body,
          );
          return call('POST', `/api/subscriptions/${webhook}/deliveries/${page.deliveries[0]!.id}/replay`);
        },
      ],
      [
        'get',
        '/api/admin/outbox',
        '200',
        outboxListResponse,
        async () => {
          const signUp = await fetch(`${server.baseUrl}/api/subscriptions/email`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              email: 'openapi@example.org',
              filters: { countries: ['KG'], categories: [], actors: [], keywords: [] },
            }),
          });
          expect(signUp.status).toBe(202);
          return callUntil(
            '/api/admin/outbox',
            ({ messages }: { messages: unknown[] }) => messages.length > 0,
          );
        },
      ],
      [
        'get',
        '/api/admin/outbox/{id}',
        '200',
        outboxMessageResponse,
        async () => {
          const {
            messages: [message],
          } = outboxListResponse.parse((await call('GET', '/api/admin/outbox')).body);
          return call('GET', `/api/admin/outbox/${message!.id}`);
        },
      ],
      [
        'post',
        '/api/subscriptions/{id}/erase',
        '200',
        erasureResponse,
        () => call('POST', `/api/subscriptions/${webhook}/erase`),
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
    // Only a feed's borderline item can be promoted: its answer is a decision's, documented as one.
    expect(documented('post', '/api/review/candidates/{id}/promote', '200')).toEqual(
      openApiSchema(decisionResponse, 'output'),
    );
  }, 120_000);
});
