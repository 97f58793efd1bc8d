import { DATABASE_KINDS, runCli, testConfig } from '../support';

const STACK_TRACE = /\n\s+at .+:\d+:\d+/;
// Each test starts the CLI four or five times, at a second or two apiece.
jest.setTimeout(60_000);

// Runs the built CLI (dist/): `node scripts/build.mjs` first, as `npm test` does.
describe.each(DATABASE_KINDS)('keys on the command line (%s)', (kind) => {
  it('creates a key and prints it once; list never shows it; revoke marks it revoked', async () => {
    const { env } = testConfig(kind);

    const created = await runCli(['keys', 'create', '--role', 'reviewer', '--name', 'ana', '--json'], env);

    expect(created.stderr).toMatch(/will not be shown again/);
    expect(created.code).toBe(0);
    const key = JSON.parse(created.stdout) as { key: string; id: string; name: string; role: string };
    expect(key).toMatchObject({ id: expect.any(String) as string, name: 'ana', role: 'reviewer' });
    expect(key.key).toMatch(new RegExp(`^tlk_${key.id}_[A-Za-z0-9_-]{43}$`));
    expect((created.stdout + created.stderr).split(key.key)).toHaveLength(2);

    const listed = await runCli(['keys', 'list', '--json'], env);
    expect(listed.code).toBe(0);
    expect(listed.stdout).not.toContain(key.key);
    expect(listed.stdout).not.toContain(key.key.slice(-43));
    expect(JSON.parse(listed.stdout)).toEqual({
      keys: [
        {
          id: key.id,
          name: 'ana',
          role: 'reviewer',
          createdAt: expect.any(String) as string,
          lastUsedAt: null,
          revokedAt: null,
        },
      ],
    });

    const revoked = await runCli(['keys', 'revoke', key.id], env);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toMatch(new RegExp(`Revoked API key ${key.id}`));
    const after = JSON.parse((await runCli(['keys', 'list', '--json'], env)).stdout) as {
      keys: { revokedAt: string | null }[];
    };
    expect(after.keys[0]!.revokedAt).toEqual(expect.any(String));
  });

  it('refuses an unknown role, or revoking an unknown key, with one line and a non-zero exit', async () => {
    const { env } = testConfig(kind);

    const boss = await runCli(['keys', 'create', '--role', 'boss', '--name', 'x'], env);
    expect(boss.code).not.toBe(0);
    expect(boss.stdout).toBe('');
    expect(boss.stderr.trim()).toBe('Unknown role "boss": use one of viewer, reviewer, admin');
    expect(boss.stderr).not.toMatch(STACK_TRACE);

    const unknown = await runCli(['keys', 'revoke', 'nosuchkey234'], env);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr.trim()).toBe('No API key with id nosuchkey234');

    expect(JSON.parse((await runCli(['keys', 'list', '--json'], env)).stdout)).toEqual({ keys: [] });
  });
});
