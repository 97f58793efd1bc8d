import { ConfigError } from './config.error';
import { loadConfig } from './load-config';

describe('loadConfig', () => {
  it('gives the embedded defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config.database).toMatchObject({ kind: 'sqlite', synchronous: 'FULL' });
    expect(config.database.kind === 'sqlite' && config.database.path).toMatch(/data\/timeline\.sqlite$/);
    expect(config.redis).toEqual({ url: 'redis://127.0.0.1:6379', prefix: 'timeline' });
    expect(config.http).toEqual({ host: '127.0.0.1', port: 3000, publicBaseUrl: 'http://localhost:3000' });
    expect(config.network.allowPrivate).toBe(true);
  });

  it('closes private networks by default in production', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).network.allowPrivate).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', ALLOW_PRIVATE_NETWORK: 'true' }).network.allowPrivate).toBe(
      true,
    );
  });

  it('opens public reads by default, and closes them with PUBLIC_READ=false', () => {
    expect(loadConfig({}).access).toEqual({ publicRead: true });
    expect(loadConfig({ PUBLIC_READ: 'false' }).access).toEqual({ publicRead: false });
    expect(loadConfig({ PUBLIC_READ: '0' }).access.publicRead).toBe(false);
    expect(loadConfig({ PUBLIC_READ: 'yes' }).access.publicRead).toBe(true);
    expect(() => loadConfig({ PUBLIC_READ: 'sometimes' })).toThrow(/PUBLIC_READ: .*"sometimes"/);
  });

  it('reads a PostgreSQL URL with its schema', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/timeline?schema=tenant_a' });
    expect(config.database).toEqual({
      kind: 'postgres',
      url: 'postgres://u:p@db:5432/timeline',
      schema: 'tenant_a',
    });
  });

  it('names every bad variable at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: '70000', REDIS_URL: 'http://x', ALLOW_PRIVATE_NETWORK: 'maybe' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/PORT: .*"70000"/);
    expect(problems.join('\n')).toMatch(/REDIS_URL: must be redis:\/\//);
    expect(problems.join('\n')).toMatch(/ALLOW_PRIVATE_NETWORK/);
  });

  it('refuses a schema name that is not a plain identifier', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://db/x?schema=a;drop' })).toThrow(/schema must be/);
  });
});
