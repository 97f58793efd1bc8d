import { ConfigError } from './config.error';
import { loadConfig } from './load-config';

describe('loadConfig', () => {
  it('gives the embedded defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config.database).toMatchObject({ kind: 'sqlite', synchronous: 'FULL' });
    expect(config.database.kind === 'sqlite' && config.database.path).toMatch(/data\/timeline\.sqlite$/);
    expect(config.redis).toEqual({ url: 'redis://127.0.0.1:6379', prefix: 'timeline' });
    expect(config.http).toEqual({
      host: '127.0.0.1',
      port: 3000,
      publicBaseUrl: 'http://localhost:3000',
      publicBaseUrlSet: false,
      trustProxy: false,
    });
    expect(config.network.allowPrivate).toBe(true);
  });

  const production = { NODE_ENV: 'production', PUBLIC_BASE_URL: 'https://timeline.example.org' };

  it('closes private networks by default in production', () => {
    expect(loadConfig(production).network.allowPrivate).toBe(false);
  });

  it('refuses to start production on unsafe settings, one line each, unless told it is meant', () => {
    expect(() => loadConfig({ ...production, ALLOW_PRIVATE_NETWORK: 'true' })).toThrow(
      /ALLOW_PRIVATE_NETWORK: on in production/,
    );
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/PUBLIC_BASE_URL: must be an https URL/);
    expect(() => loadConfig({ ...production, PUBLIC_BASE_URL: 'http://timeline.example.org' })).toThrow(
      /PUBLIC_BASE_URL: must be an https URL/,
    );
    const meant = { ...production, ALLOW_PRIVATE_NETWORK: 'true', ALLOW_UNSAFE_PRODUCTION: 'true' };
    expect(loadConfig(meant).network.allowPrivate).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production', ALLOW_UNSAFE_PRODUCTION: 'yes' }).env).toBe('production');
  });

  it('trusts X-Forwarded-For only from the hops TRUST_PROXY names', () => {
    expect(loadConfig({}).http.trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).http.trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).http.trustProxy).toBe('loopback, 10.0.0.0/8');
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY: must name the hops/);
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

  it('reads durations with their units, and refuses a malformed retry schedule', () => {
    const config = loadConfig({
      FEED_POLL_INTERVAL: '5m',
      ALERT_RETRY_SCHEDULE: '0, 250ms,2s,1h',
      SESSION_TTL: '1.5h',
    });
    expect(config.ingest.pollIntervalMs).toBe(300_000);
    expect(config.alerts.retryScheduleMs).toEqual([0, 250, 2_000, 3_600_000]);
    expect(config.session.ttlMs).toBe(5_400_000);
    expect(() => loadConfig({ ALERT_RETRY_SCHEDULE: '0,soon' })).toThrow(
      /ALERT_RETRY_SCHEDULE: must be a comma/,
    );
    expect(() => loadConfig({ FEED_TIMEOUT: '10 minutes' })).toThrow(/FEED_TIMEOUT: must be a duration/);
  });

  it('uses the shipped feed list unless told otherwise', () => {
    expect(loadConfig({}).ingest.feedsFile).toBe('builtin');
    expect(loadConfig({ FEEDS_FILE: 'none' }).ingest.feedsFile).toBeUndefined();
    expect(loadConfig({ FEEDS_FILE: '/etc/feeds.json' }).ingest.feedsFile).toBe('/etc/feeds.json');
  });
});
