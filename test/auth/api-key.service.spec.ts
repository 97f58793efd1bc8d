import { createHash } from 'node:crypto';

import { ApiKeyService, AuthError, AuthModule } from '@app/auth';

import { createTestContext, DATABASE_KINDS, type TestContext } from '../support';

const KEY_SHAPE = /^tlk_([a-z2-7]{12})_([A-Za-z0-9_-]{43})$/;

/** The parts of a plaintext key: its public id and its secret. */
function partsOf(key: string): { keyId: string; secret: string } {
  const match = KEY_SHAPE.exec(key);
  if (!match) throw new Error(`not an API key: ${key}`);
  return { keyId: match[1]!, secret: match[2]! };
}

describe.each(DATABASE_KINDS)('API keys (%s)', (kind) => {
  let ctx: TestContext;
  let keys: ApiKeyService;

  beforeEach(async () => {
    ctx = await createTestContext(kind, { features: [AuthModule] });
    keys = ctx.app.get(ApiKeyService);
  });
  afterEach(async () => {
    await ctx.close();
  });

  it('creates a key, shows it once, lists it without any secret, and authenticates it', async () => {
    const { key, record } = await keys.create({ role: 'reviewer', name: '  ana  ' });

    const { keyId, secret } = partsOf(key);
    expect(record).toEqual({
      id: keyId,
      name: 'ana',
      role: 'reviewer',
      createdAt: '2026-01-01T00:00:00.000Z',
      lastUsedAt: null,
      revokedAt: null,
    });
    const listed = await keys.list();
    expect(listed).toEqual([record]);
    expect(JSON.stringify(listed)).not.toContain(secret);
    expect(await keys.authenticate(key)).toEqual({
      keyId,
      name: 'ana',
      role: 'reviewer',
      actor: `key:${keyId}`,
    });
  });

  it('stores only a SHA-256 of the secret: the row holds neither the key nor its secret', async () => {
    const { key } = await keys.create({ role: 'admin', name: 'ops' });
    const { keyId, secret } = partsOf(key);

    const rows = await ctx.database.query('SELECT * FROM api_keys');

    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id: keyId,
      secret_hash: createHash('sha256').update(secret).digest('hex'),
    });
    const stored = JSON.stringify(rows);
    expect(stored).not.toContain(key);
    expect(stored).not.toContain(secret);
  });

  it('refuses a well-formed key whose secret is wrong for its id, and anything malformed or unknown', async () => {
    const { key } = await keys.create({ role: 'admin', name: 'ops' });
    const { keyId, secret } = partsOf(key);
    // Same id, same length, one character different: this reaches the constant-time comparison.
    const flipped = `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
    const other = await keys.create({ role: 'viewer', name: 'other' });

    expect(await keys.authenticate(`tlk_${keyId}_${flipped}`)).toBeNull();
    expect(await keys.authenticate(`tlk_${keyId}_${partsOf(other.key).secret}`)).toBeNull();
    expect(await keys.authenticate(`tlk_aaaaaaaaaaaa_${secret}`)).toBeNull();
    expect(await keys.authenticate(`tlk_${keyId}_${secret}x`)).toBeNull();
    expect(await keys.authenticate(secret)).toBeNull();
    expect(await keys.authenticate('')).toBeNull();
    expect(await keys.authenticate(key)).not.toBeNull();
  });

  it('revokes a key for good: it stops authenticating, a second revoke changes nothing', async () => {
    const { key, record } = await keys.create({ role: 'admin', name: 'ops' });
    ctx.clock.advance(1_000);
    const kept = await keys.create({ role: 'viewer', name: 'kept' });
    ctx.clock.advance(4_000);

    const revoked = await keys.revoke(record.id);
    ctx.clock.advance(5_000);
    const again = await keys.revoke(record.id);

    expect(revoked.revokedAt).toBe('2026-01-01T00:00:05.000Z');
    expect(again.revokedAt).toBe('2026-01-01T00:00:05.000Z');
    expect(await keys.authenticate(key)).toBeNull();
    expect(await keys.authenticate(kept.key)).toMatchObject({ role: 'viewer' });
    expect((await keys.list()).map((k) => [k.name, k.revokedAt])).toEqual([
      ['ops', '2026-01-01T00:00:05.000Z'],
      ['kept', null],
    ]);
  });

  it('answers NOT_FOUND for revoking an unknown key', async () => {
    await expect(keys.revoke('nosuchkey234')).rejects.toMatchObject({
      code: 'NOT_FOUND',
      details: { id: 'nosuchkey234' },
    });
  });

  it('refuses an unknown role or a blank name, and stores nothing', async () => {
    const badRole = keys.create({ role: 'boss' as never, name: 'x' });
    await expect(badRole).rejects.toBeInstanceOf(AuthError);
    await expect(badRole).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'role' } });
    await expect(keys.create({ role: 'viewer', name: '   ' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { field: 'name' },
    });
    await expect(keys.create({ role: 'viewer', name: 'a\nb' })).rejects.toMatchObject({
      details: { field: 'name' },
    });
    expect(await keys.list()).toEqual([]);
  });

  it('records last use at most once a minute per key', async () => {
    const { key, record } = await keys.create({ role: 'viewer', name: 'reader' });
    const lastUsed = async () => (await keys.list()).find((k) => k.id === record.id)!.lastUsedAt;

    ctx.clock.set('2026-01-01T10:00:00.000Z');
    await keys.authenticate(key);
    expect(await lastUsed()).toBe('2026-01-01T10:00:00.000Z');

    ctx.clock.set('2026-01-01T10:00:59.999Z');
    await keys.authenticate(key);
    expect(await lastUsed()).toBe('2026-01-01T10:00:00.000Z');

    ctx.clock.set('2026-01-01T10:01:00.000Z');
    await keys.authenticate(key);
    expect(await lastUsed()).toBe('2026-01-01T10:01:00.000Z');
  });
});
