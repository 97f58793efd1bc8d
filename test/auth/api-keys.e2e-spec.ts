import { ApiKeyService, CurrentPrincipal, type Principal, PublicRead, Roles } from '@app/auth';
import { CoreModule } from '@app/runtime';
import { Controller, type INestApplication, type LoggerService, Module, Post, Get } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

import { ApiModule } from '../../apps/api/src/api.module';
import { configureHttp } from '../../apps/api/src/http/configure-http';
import { callApi, DATABASE_KINDS, type DatabaseKind, testConfig } from '../support';

/** Routes for this test only, to exercise the decorators the product's own routes do not all use yet. */
@Controller('test/auth')
class ProbeController {
  @Get('open')
  open() {
    return { open: true };
  }

  @Get('public-read')
  @PublicRead()
  publicRead() {
    return { read: true };
  }

  @Get('whoami')
  @Roles('viewer')
  whoami(@CurrentPrincipal() principal: Principal) {
    return principal;
  }

  @Post('decide')
  @Roles('reviewer')
  decide(@CurrentPrincipal() principal: Principal) {
    return { actor: principal.actor };
  }
}

@Module({ controllers: [ProbeController] })
class ProbeModule {}

/** Keeps every line the application logs, to show no secret reaches the logs. */
class CapturingLogger implements LoggerService {
  readonly lines: string[] = [];
  log = (...parts: unknown[]) => this.keep(parts);
  error = (...parts: unknown[]) => this.keep(parts);
  warn = (...parts: unknown[]) => this.keep(parts);
  debug = (...parts: unknown[]) => this.keep(parts);
  verbose = (...parts: unknown[]) => this.keep(parts);
  fatal = (...parts: unknown[]) => this.keep(parts);
  private keep(parts: unknown[]): void {
    this.lines.push(parts.map((part) => (typeof part === 'string' ? part : JSON.stringify(part))).join(' '));
  }
}

interface RunningApi {
  app: INestApplication;
  baseUrl: string;
  keys: ApiKeyService;
  logger: CapturingLogger;
  call(method: string, path: string, key?: string, body?: unknown): Promise<Response>;
}

/** The API as it runs in production (global guard and filter, OpenAPI), on a real port. */
async function startApi(kind: DatabaseKind, env: Record<string, string> = {}): Promise<RunningApi> {
  const { config } = testConfig(kind, env);
  const logger = new CapturingLogger();
  // ApiModule's health route needs RedisHealth, which CoreModule provides only with Redis.
  const app = await NestFactory.create(
    CoreModule.forRoot(config, { migrate: true, redis: true }, [ApiModule, ProbeModule]),
    { logger, forceCloseConnections: true },
  );
  configureHttp(app, config);
  await app.listen(0, '127.0.0.1');
  const baseUrl = await app.getUrl();
  return {
    app,
    baseUrl,
    keys: app.get(ApiKeyService),
    logger,
    call: (method, path, key, body) => callApi(baseUrl, method, path, key, body),
  };
}

describe.each(DATABASE_KINDS)('API keys over HTTP (%s)', (kind) => {
  let api: RunningApi;
  let admin: string;

  beforeEach(async () => {
    api = await startApi(kind);
    admin = (await api.keys.create({ role: 'admin', name: 'ops' })).key;
  });
  afterEach(async () => {
    await api.app.close();
  });

  it('answers 401 with WWW-Authenticate for no key, a malformed key and a wrong secret', async () => {
    const wrongSecret = `${admin.slice(0, -1)}${admin.endsWith('A') ? 'B' : 'A'}`;
    for (const attempt of [
      await api.call('GET', '/api/keys'),
      await api.call('GET', '/api/keys', 'not-a-key'),
      await api.call('GET', '/api/keys', wrongSecret),
      await fetch(`${api.baseUrl}/api/keys`, { headers: { authorization: `Basic ${admin}` } }),
    ]) {
      expect(attempt.status).toBe(401);
      expect(attempt.headers.get('www-authenticate')).toMatch(/^Bearer\b/);
      expect(await attempt.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    }
  });

  it('lets an admin create (201), list without secrets and revoke keys; a revoked key gets 401', async () => {
    const created = await api.call('POST', '/api/keys', admin, { role: 'viewer', name: 'dashboard' });
    expect(created.status).toBe(201);
    const body = (await created.json()) as { key: string; id: string };
    expect(body).toEqual({
      key: expect.stringMatching(/^tlk_[a-z2-7]{12}_[A-Za-z0-9_-]{43}$/) as string,
      id: body.key.split('_')[1],
      name: 'dashboard',
      role: 'viewer',
      createdAt: expect.any(String) as string,
    });

    const whoami = await api.call('GET', '/test/auth/whoami', body.key);
    expect(whoami.status).toBe(200);
    expect(await whoami.json()).toEqual({
      keyId: body.id,
      name: 'dashboard',
      role: 'viewer',
      actor: `key:${body.id}`,
    });

    const list = await api.call('GET', '/api/keys', admin);
    expect(list.status).toBe(200);
    const listed = await list.text();
    expect(listed).not.toContain(body.key);
    expect(listed).not.toContain(body.key.slice(-43));
    expect(listed).not.toContain(admin.slice(-43));
    expect(listed).not.toMatch(/hash/i);
    expect((JSON.parse(listed) as { keys: { id: string; name: string }[] }).keys.map((k) => k.name)).toEqual(
      expect.arrayContaining(['ops', 'dashboard']),
    );

    const revoked = await api.call('DELETE', `/api/keys/${body.id}`, admin);
    expect(revoked.status).toBe(200);
    expect(await revoked.json()).toMatchObject({ id: body.id, revokedAt: expect.any(String) as string });
    const afterRevoke = await api.call('GET', '/test/auth/whoami', body.key);
    expect(afterRevoke.status).toBe(401);
    expect(afterRevoke.headers.get('www-authenticate')).toMatch(/^Bearer\b/);
    expect(await afterRevoke.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });

    const unknown = await api.call('DELETE', '/api/keys/nosuchkey234', admin);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('answers 403 naming the roles needed when the key is too weak; admin passes every role', async () => {
    const viewer = (await api.keys.create({ role: 'viewer', name: 'reader' })).key;
    const reviewer = (await api.keys.create({ role: 'reviewer', name: 'ana' })).key;

    const onAdminRoute = await api.call('POST', '/api/keys', viewer, { role: 'viewer', name: 'x' });
    expect(onAdminRoute.status).toBe(403);
    expect(await onAdminRoute.json()).toMatchObject({
      error: { code: 'FORBIDDEN', message: 'needs role admin; this key is viewer' },
    });
    const onReviewerRoute = await api.call('POST', '/test/auth/decide', viewer);
    expect(onReviewerRoute.status).toBe(403);
    expect(await onReviewerRoute.json()).toMatchObject({
      error: { code: 'FORBIDDEN', message: 'needs role reviewer or admin; this key is viewer' },
    });
    expect((await api.call('GET', '/api/keys', reviewer)).status).toBe(403);

    const byReviewer = await api.call('POST', '/test/auth/decide', reviewer);
    expect(byReviewer.status).toBe(201);
    expect(await byReviewer.json()).toEqual({ actor: expect.stringMatching(/^key:[a-z2-7]{12}$/) as string });
    expect((await api.call('POST', '/test/auth/decide', admin)).status).toBe(201);
    expect((await api.call('GET', '/test/auth/whoami', reviewer)).status).toBe(200);
  });

  it('refuses a key request with a bad role or no name with 400 naming the field', async () => {
    const badRole = await api.call('POST', '/api/keys', admin, { role: 'boss', name: 'x' });
    expect(badRole.status).toBe(400);
    expect(await badRole.json()).toMatchObject({
      error: {
        code: 'VALIDATION_FAILED',
        message: expect.stringMatching(/^role: /) as string,
        details: { field: 'role' },
      },
    });
    const noName = await api.call('POST', '/api/keys', admin, { role: 'viewer' });
    expect(noName.status).toBe(400);
    expect(await noName.json()).toMatchObject({ error: { details: { field: 'name' } } });
    expect(await api.keys.list()).toHaveLength(1);
  });

  it('keeps routes without @Roles public, and @PublicRead routes open by default', async () => {
    expect((await api.call('GET', '/test/auth/open')).status).toBe(200);
    expect((await api.call('GET', '/test/auth/public-read')).status).toBe(200);
    // The raw log holds subscribers' addresses and reviewers' names: it is for admins only.
    expect((await api.call('GET', '/api/events')).status).toBe(401);
    const viewer = (await api.keys.create({ role: 'viewer', name: 'reader' })).key;
    expect((await api.call('GET', '/api/events', viewer)).status).toBe(403);
  });

  it('documents the key routes in OpenAPI, with the key and the session as its schemes', async () => {
    const docs = (await (await api.call('GET', '/api/docs/openapi.json')).json()) as {
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    };
    expect(Object.keys(docs.paths)).toEqual(expect.arrayContaining(['/api/keys', '/api/keys/{id}']));
    expect(docs.paths['/api/keys']!.post!.security).toEqual([{ 'api-key': [] }, { session: [] }]);
  });

  it('never writes a key or its secret to the logs', async () => {
    const created = await api.call('POST', '/api/keys', admin, { role: 'reviewer', name: 'ana' });
    const { key, id } = (await created.json()) as { key: string; id: string };
    await api.call('GET', '/test/auth/whoami', key);
    await api.call('GET', '/test/auth/whoami', `${key}x`);
    await api.call('DELETE', `/api/keys/${id}`, admin);

    const logs = api.logger.lines.join('\n');
    expect(logs).toContain(`API key ${id} created`);
    for (const secret of [key, key.slice(-43), admin, admin.slice(-43)]) expect(logs).not.toContain(secret);
  });
});

describe.each(DATABASE_KINDS)('PUBLIC_READ=false (%s)', (kind) => {
  let api: RunningApi;

  beforeEach(async () => {
    api = await startApi(kind, { PUBLIC_READ: 'false' });
  });
  afterEach(async () => {
    await api.app.close();
  });

  it('closes @PublicRead routes to anonymous callers; any valid key opens them', async () => {
    const viewer = await api.keys.create({ role: 'viewer', name: 'reader' });

    const anonymous = await api.call('GET', '/test/auth/public-read');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer\b/);
    expect(await anonymous.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    expect((await api.call('GET', '/test/auth/public-read', viewer.key)).status).toBe(200);

    await api.keys.revoke(viewer.record.id);
    expect((await api.call('GET', '/test/auth/public-read', viewer.key)).status).toBe(401);
    // Routes not marked @PublicRead are untouched by the setting.
    expect((await api.call('GET', '/test/auth/open')).status).toBe(200);
  });
});
