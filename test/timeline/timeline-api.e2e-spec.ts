import { SEED_ENTRIES, SeedImporter } from '@app/seed';
import Parser from 'rss-parser';

import { callApi, type RunningProcess, runCli, startProcess, testConfig } from '../support';

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
    callApi(server.baseUrl, 'POST', path, key, body);

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
    // Impossible dates and a range that ends before it starts: 400 naming the field, never 500,
    // on the list, its facets, the export and the Atom feed alike.
    for (const [query, field] of [
      ['from=2019-13', 'from'],
      ['to=2019-00', 'to'],
      ['from=2019-02-30', 'from'],
      ['from=2020&to=2019', 'from'],
      ['sort=newest', 'sort'],
    ] as const) {
      for (const path of ['/api/timeline', '/api/timeline/facets', '/api/timeline/export', '/feed.atom']) {
        const answer = await get(`${path}?${query}`);
        expect([path, query, answer.status]).toEqual([path, query, 400]);
        expect(await answer.json()).toMatchObject({ error: { details: { field } } });
      }
    }
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
    expect(body.history).toEqual([
      expect.objectContaining({ type: 'EntryAdded', actor: 'seed', by: 'Seed import' }),
    ]);
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
      // Named by the key's display name, recorded with the event.
      by: 'test reviewer',
      diff: [{ field: 'title', before: expect.any(String) as string, after: 'A clearer title' }],
    });
    // An amendment made on a version the entry has moved on from is refused.
    const version = (body as unknown as { entry: { version: number } }).entry.version;
    const stale = await fetch(`${server.baseUrl}/api/timeline/${entryId}/amend`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${reviewerKey}`,
        'if-match': `"${version - 1}"`,
      },
      body: JSON.stringify({ summary: 'A stale edit', reason: 'stale' }),
    });
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({ error: { code: 'ENTRY_MOVED_ON' } });
    const current = await post(
      `/api/timeline/${entryId}/amend`,
      { summary: 'A current edit of the summary.', reason: 'current', expectedVersion: version },
      reviewerKey,
    );
    expect(current.status).toBe(201);

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

  it('takes every timeline filter and the sort in the Atom feed', async () => {
    const titles = async (query: string) =>
      (await new Parser().parseString(await (await get(`/feed.atom?${query}`)).text())).items.map(
        (i) => i.title,
      );
    const api = async (query: string) =>
      (
        (await (await get(`/api/timeline?limit=500&${query}`)).json()) as {
          entries: Array<{ title: string }>;
        }
      ).entries.map((e) => e.title);
    for (const query of ['country=KG', 'category=policing&from=2015', 'q=SCO', 'place=gorno-badakhshan']) {
      const expected = await api(`${query}&sort=date-desc`);
      expect(expected.length).toBeGreaterThan(0);
      expect([query, await titles(`${query}&sort=date-desc`)]).toEqual([query, expected]);
    }
    expect(await titles('country=TM&category=nothing-like-this')).toEqual([]);
  });

  it('exports the filtered timeline for download', async () => {
    const csv = await get('/api/timeline/export?format=csv&country=KG');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="timeline\.csv"/);
    const header = (await csv.text()).split('\r\n')[0]!;
    for (const column of [
      'places',
      'place_coordinates',
      'publishers',
      'source_urls',
      'quotes',
      'recorded_at',
      'version',
    ])
      expect(header.split(',')).toContain(column);
    const newest = (await (await get('/api/timeline/export?format=json&sort=date-desc')).json()) as Array<{
      date: { start: string };
    }>;
    const starts = newest.map((e) => e.date.start.slice(0, 4));
    expect(starts).toEqual([...starts].sort().reverse());
    const ics = await get('/api/timeline/export?format=ics');
    expect(await ics.text()).toMatch(/^BEGIN:VCALENDAR/);
  });
});
