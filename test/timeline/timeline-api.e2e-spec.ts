import { SEED_ENTRIES, SeedImporter } from '@app/seed';
import Parser from 'rss-parser';

import { type RunningProcess, runCli, startProcess, testConfig } from '../support';

/** The timeline over real HTTP, on the built all-in-one process, as a client or reviewer uses it. */
describe('timeline API', () => {
  let server: RunningProcess;
  let env: Record<string, string>;
  let reviewerKey: string;
  let viewerKey: string;
  const entryId = SeedImporter.entryId(SEED_ENTRIES[0]!.key);

  beforeAll(async () => {
    env = testConfig('sqlite').env;
    server = await startProcess('dist/apps/all-in-one/src/main.js', env, /listening on/);
    const key = async (role: string) => {
      const created = await runCli(
        ['keys', 'create', '--role', role, '--name', `test ${role}`, '--json'],
        env,
      );
      return (JSON.parse(created.stdout) as { key: string }).key;
    };
    [reviewerKey, viewerKey] = [await key('reviewer'), await key('viewer')];
  });
  afterAll(async () => {
    await server.stop();
  });

  const get = (path: string) => fetch(`${server.baseUrl}${path}`);
  const post = (path: string, body: unknown, key?: string) =>
    fetch(`${server.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: JSON.stringify(body),
    });

  it('serves the seeded timeline, filtered and paged', async () => {
    const all = (await (await get('/api/timeline?limit=5')).json()) as { total: number; entries: unknown[] };
    expect(all.total).toBe(SEED_ENTRIES.length);
    expect(all.entries).toHaveLength(5);

    const tj = (await (await get('/api/timeline?country=TJ&category=border-security')).json()) as {
      entries: Array<{ countries: string[]; categories: string[] }>;
    };
    expect(tj.entries.length).toBeGreaterThan(0);
    for (const e of tj.entries) {
      expect(e.countries).toContain('TJ');
      expect(e.categories).toContain('border-security');
    }
  });

  it('answers bad queries with 400 naming the parameter, unknown entries with 404', async () => {
    const bad = await get('/api/timeline?from=last-year');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      error: { code: 'VALIDATION_FAILED', details: { field: 'from' } },
    });
    expect((await get('/api/timeline?asOf=yesterday')).status).toBe(400);
    const missing = await get('/api/timeline/0195a000-0000-7000-8000-0000000000ff');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'ENTRY_NOT_FOUND' } });
  });

  it('shows an entry with its sources and history', async () => {
    const body = (await (await get(`/api/timeline/${entryId}`)).json()) as {
      entry: { sources: Array<{ origin: { quote: string } }> };
      history: Array<{ type: string; actor: string }>;
    };
    expect(body.entry.sources[0]!.origin.quote).toBe(SEED_ENTRIES[0]!.sources[0]!.quote);
    expect(body.history).toEqual([expect.objectContaining({ type: 'EntryAdded', actor: 'seed' })]);
  });

  it('lets only reviewers amend and retract, and records who and why', async () => {
    const amend = { title: 'A clearer title', reason: 'clarity' };
    expect((await post(`/api/timeline/${entryId}/amend`, amend)).status).toBe(401);
    expect((await post(`/api/timeline/${entryId}/amend`, amend, viewerKey)).status).toBe(403);
    const noReason = await post(`/api/timeline/${entryId}/amend`, { title: 'x' }, reviewerKey);
    expect(noReason.status).toBe(400);
    expect(await noReason.json()).toMatchObject({ error: { details: { field: 'reason' } } });

    const amended = await post(`/api/timeline/${entryId}/amend`, amend, reviewerKey);
    expect(amended.status).toBe(201);
    const body = (await amended.json()) as {
      entry: { title: string };
      history: Array<{ actor: string; reason?: string }>;
    };
    expect(body.entry.title).toBe('A clearer title');
    expect(body.history.at(-1)).toMatchObject({
      reason: 'clarity',
      actor: expect.stringMatching(/^key:/) as string,
    });

    const badDate = await post(
      `/api/timeline/${entryId}/amend`,
      { date: { start: '2024-13' }, reason: 'oops' },
      reviewerKey,
    );
    expect(badDate.status).toBe(400);

    const retracted = await post(`/api/timeline/${entryId}/retract`, { reason: 'duplicate' }, reviewerKey);
    expect(retracted.status).toBe(201);
    const list = (await (await get('/api/timeline?limit=500')).json()) as { total: number };
    expect(list.total).toBe(SEED_ENTRIES.length - 1);
  });

  it('publishes new entries as an Atom feed a feed reader can read', async () => {
    const response = await get('/feed.atom');
    expect(response.headers.get('content-type')).toMatch(/atom\+xml/);
    const feed = await new Parser().parseString(await response.text());
    expect(feed.items.length).toBeGreaterThan(0);
    // Links point at the entries of this installation (PUBLIC_BASE_URL defaults to localhost:PORT).
    for (const item of feed.items)
      expect(item.link).toMatch(/^http:\/\/localhost:\d+\/entries\/[0-9a-f-]{36}$/);
    expect(feed.items.map((i) => i.title)).not.toContain('A clearer title'); // retracted above: not in the feed
  });

  it('exports the filtered timeline for download', async () => {
    const csv = await get('/api/timeline/export?format=csv&country=KG');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="timeline\.csv"/);
    const ics = await get('/api/timeline/export?format=ics');
    expect(await ics.text()).toMatch(/^BEGIN:VCALENDAR/);
  });
});
