import { createHash } from 'node:crypto';

import { ApiKeyService, AuthError, AuthModule, SessionService } from '@app/auth';

import { createTestContext, DATABASE_KINDS, type TestContext } from '../support';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe.each(DATABASE_KINDS)('browser sessions (%s)', (kind) => {
  let ctx: TestContext;
  let keys: ApiKeyService;
  let sessions: SessionService;

  beforeEach(async () => {
    ctx = await createTestContext(kind, { features: [AuthModule] });
    keys = ctx.app.get(ApiKeyService);
    sessions = ctx.app.get(SessionService);
  });
  afterEach(async () => {
    await ctx.close();
  });

  it('signs in with a key, for SESSION_TTL (12h by default), and stores only a hash of the token', async () => {
    const { key, record } = await keys.create({ role: 'reviewer', name: 'ana' });

    const { token, info } = await sessions.signIn(key);

    expect(info).toEqual({
      name: 'ana',
      role: 'reviewer',
      csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) as string,
      expiresAt: '2026-01-01T12:00:00.000Z',
    });
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(info.csrfToken).not.toBe(token);
    const rows = await ctx.database.query('SELECT * FROM sessions');
    expect(rows).toEqual([
      {
        token_hash: sha256(token),
        key_id: record.id,
        csrf_token: info.csrfToken,
        created_at: '2026-01-01T00:00:00.000Z',
        expires_at: '2026-01-01T12:00:00.000Z',
      },
    ]);
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(JSON.stringify(rows)).not.toContain(key);

    expect(await sessions.authenticate(token)).toEqual({
      principal: { keyId: record.id, name: 'ana', role: 'reviewer', actor: `key:${record.id}` },
      csrfToken: info.csrfToken,
      expiresAt: info.expiresAt,
    });
  });

  it('refuses a wrong key with one message, whether malformed, unknown or revoked', async () => {
    const { key, record } = await keys.create({ role: 'reviewer', name: 'ana' });
    const unknown = `tlk_${'a'.repeat(12)}_${key.slice(-43)}`;
    await keys.revoke(record.id);

    const messages = new Set<string>();
    for (const attempt of ['not-a-key', unknown, key]) {
      const error = (await sessions.signIn(attempt).catch((e: unknown) => e)) as AuthError;
      expect(error).toBeInstanceOf(AuthError);
      expect(error.code).toBe('UNAUTHENTICATED');
      messages.add(error.message);
    }
    expect(messages.size).toBe(1);
    expect(await ctx.database.query('SELECT * FROM sessions')).toEqual([]);
  });

  it('refuses a session once it has expired, and clears expired rows at the next sign-in', async () => {
    const { key } = await keys.create({ role: 'reviewer', name: 'ana' });
    const { token } = await sessions.signIn(key);

    ctx.clock.advance(12 * 3600_000 - 1);
    expect(await sessions.authenticate(token)).not.toBeNull();
    ctx.clock.advance(1);
    expect(await sessions.authenticate(token)).toBeNull();

    const { token: next } = await sessions.signIn(key);
    const rows = await ctx.database.query<{ token_hash: string }>('SELECT token_hash FROM sessions');
    expect(rows.map((r) => r.token_hash)).toEqual([sha256(next)]);
  });

  it("ends every session of a key the moment it is revoked, and nobody else's", async () => {
    const ana = await keys.create({ role: 'reviewer', name: 'ana' });
    const ben = await keys.create({ role: 'reviewer', name: 'ben' });
    const [first, second, other] = [
      await sessions.signIn(ana.key),
      await sessions.signIn(ana.key),
      await sessions.signIn(ben.key),
    ];

    await keys.revoke(ana.record.id);

    expect(await sessions.authenticate(first.token)).toBeNull();
    expect(await sessions.authenticate(second.token)).toBeNull();
    expect((await sessions.authenticate(other.token))?.principal.name).toBe('ben');
  });

  it('signs out: the row is deleted, the token signs nobody in; signing out twice is harmless', async () => {
    const { key } = await keys.create({ role: 'viewer', name: 'reader' });
    const { token } = await sessions.signIn(key);

    expect(await sessions.signOut(token)).toBe(true);
    expect(await sessions.authenticate(token)).toBeNull();
    expect(await ctx.database.query('SELECT * FROM sessions')).toEqual([]);
    expect(await sessions.signOut(token)).toBe(false);
    expect(await sessions.authenticate('not a token')).toBeNull();
  });
});
