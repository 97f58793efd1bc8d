import { Projector } from '@app/event-store';
import { SEED_ENTRIES, SeedImporter, SeedModule } from '@app/seed';
import { type EntryFields, TimelineModule, TimelineQueries, TimelineService, toFilter } from '@app/timeline';

import { createTestContext, DATABASE_KINDS, runCli, type TestContext } from '../support';

const source = {
  id: 'src-1',
  title: 'Local report',
  publisher: 'Test Wire',
  origin: { kind: 'manual' as const },
};
const fields = (over: Partial<EntryFields> = {}): EntryFields => ({
  title: 'Kazakh and Chinese border guards hold joint patrol',
  summary: 'A joint patrol on the Khorgos section. Пограничники Казахстана и Китая. 中亚边境联合巡逻。',
  date: { start: '2026-03-05', precision: 'day' },
  countries: ['KZ', 'CN'],
  actors: ['Border Service of Kazakhstan'],
  categories: ['border-security'],
  ...over,
});

describe.each(DATABASE_KINDS)('the timeline (%s)', (kind) => {
  let ctx: TestContext;
  let timeline: TimelineService;
  let queries: TimelineQueries;
  const reviewer = { actor: 'key:rev1' };

  beforeEach(async () => {
    ctx = await createTestContext(kind, { features: [TimelineModule, SeedModule] });
    timeline = ctx.app.get(TimelineService);
    queries = ctx.app.get(TimelineQueries);
  });
  afterEach(async () => {
    await ctx.close();
  });

  const add = (entryId: string, over: Partial<EntryFields> = {}) =>
    timeline.execute(
      { kind: 'add', entryId, fields: fields(over), sources: [source], origin: { kind: 'manual' } },
      reviewer,
    );
  const ids = async (query: Parameters<typeof toFilter>[0]) =>
    (await queries.list(toFilter(query), { limit: 100, offset: 0 })).entries.map((e) => e.id);

  it('seeds every curated entry once; a second run adds nothing (CLI too)', async () => {
    const importer = ctx.app.get(SeedImporter);
    expect(await importer.seed()).toEqual({
      documents: { added: 5, present: 0 },
      entries: { added: SEED_ENTRIES.length, present: 0 },
    });
    const head = await ctx.events.head();

    const again = await runCli(['seed', '--json'], ctx.env);

    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual({
      documents: { added: 0, present: 5 },
      entries: { added: 0, present: SEED_ENTRIES.length },
    });
    expect((await ctx.events.head()).position).toBe(head.position);
    const page = await queries.list({}, { limit: 500, offset: 0 });
    expect(page.total).toBe(SEED_ENTRIES.length);
    const seeded = page.entries.find((e) => e.id === SeedImporter.entryId(SEED_ENTRIES[0]!.key))!;
    expect(seeded.sources[0]).toMatchObject({
      origin: { kind: 'seed', quote: SEED_ENTRIES[0]!.sources[0]!.quote },
    });
  });

  it('filters by country, category, actor, dates and text in English, Russian and Chinese', async () => {
    await add('0195a000-0000-7000-8000-000000000001');
    await add('0195a000-0000-7000-8000-000000000002', {
      title: 'Tajik and Chinese police sign training plan',
      summary: 'Police training in Dushanbe.',
      countries: ['TJ', 'CN'],
      actors: ['Ministry of Public Security (China)'],
      categories: ['policing'],
      date: { start: '2019', precision: 'year' },
    });
    await add('0195a000-0000-7000-8000-000000000003', {
      title: 'SCO exercise in Kyrgyzstan',
      summary: 'Peace Mission exercise.',
      countries: ['KG', 'CN', 'RU'],
      actors: [],
      categories: ['military-exercise', 'multilateral'],
      date: { start: '2007', end: '2008-06', precision: 'range' },
    });
    const [kz, tj, kg] = ['1', '2', '3'].map((n) => `0195a000-0000-7000-8000-00000000000${n}`);

    expect(await ids({})).toEqual([kg, tj, kz]); // by date: 2007 range, 2019, 2026
    expect(await ids({ country: ['KZ'] })).toEqual([kz]);
    expect(await ids({ country: ['kz', 'TJ'] })).toEqual([tj, kz]);
    expect(await ids({ country: ['CN'], category: ['policing'] })).toEqual([tj]);
    expect(await ids({ actor: ['Border Service of Kazakhstan'] })).toEqual([kz]);
    expect(await ids({ from: '2008-03', to: '2019' })).toEqual([kg, tj]);
    expect(await ids({ from: '2008-07' })).toEqual([tj, kz]);
    expect(await ids({ q: 'PATROL khorgos' })).toEqual([kz]);
    expect(await ids({ q: 'пограничники' })).toEqual([kz]);
    expect(await ids({ q: '中亚' })).toEqual([kz]);
    expect(await ids({ q: 'Tajikistan' })).toEqual([tj]); // country names are searchable
    expect(await ids({ q: '100%_' })).toEqual([]); // LIKE wildcards are literal
    const paged = await queries.list({}, { limit: 2, offset: 2 });
    expect([paged.total, paged.entries.map((e) => e.id)]).toEqual([3, [kz]]);
  });

  it('amends and retracts with a reason: the history says who, when and why, and the log keeps every version', async () => {
    const id = '0195a000-0000-7000-8000-00000000000a';
    ctx.clock.set('2026-03-06T09:00:00.000Z');
    await add(id);
    ctx.clock.set('2026-03-07T09:00:00.000Z');
    await timeline.execute(
      {
        kind: 'amend',
        entryId: id,
        changes: { title: 'Joint patrol on the Khorgos border section' },
        reason: 'more precise',
      },
      { actor: 'key:rev2' },
    );
    ctx.clock.set('2026-03-08T09:00:00.000Z');
    await timeline.execute(
      { kind: 'retract', entryId: id, reason: 'source withdrew the story' },
      { actor: 'key:admin' },
    );

    const { entry, history } = await queries.get(id);
    expect(entry).toMatchObject({
      title: 'Joint patrol on the Khorgos border section',
      status: 'retracted',
      retraction: { reason: 'source withdrew the story', by: 'key:admin' },
      version: 3,
    });
    expect(history.map((h) => [h.type, h.actor, h.recordedAt, h.reason])).toEqual([
      ['EntryAdded', 'key:rev1', '2026-03-06T09:00:00.000Z', undefined],
      ['EntryAmended', 'key:rev2', '2026-03-07T09:00:00.000Z', 'more precise'],
      ['EntryRetracted', 'key:admin', '2026-03-08T09:00:00.000Z', 'source withdrew the story'],
    ]);
    expect(history[1]!.changes).toEqual({ title: 'Joint patrol on the Khorgos border section' });
    const [first] = await ctx.events.readStream(`entry-${id}`);
    expect(first!.data.title).toBe('Kazakh and Chinese border guards hold joint patrol');
    expect(await ids({})).toEqual([]);
    expect((await queries.list({ includeRetracted: true }, { limit: 10, offset: 0 })).total).toBe(1);
  });

  it('refuses bad commands with the field named, and writes nothing', async () => {
    const head = await ctx.events.head();
    await expect(
      add('0195a000-0000-7000-8000-00000000000b', { countries: ['XX' as never] }),
    ).rejects.toMatchObject({
      code: 'INVALID_ENTRY',
      details: { field: expect.stringMatching(/^countries/) as string },
    });
    await expect(
      timeline.execute(
        {
          kind: 'amend',
          entryId: '0195a000-0000-7000-8000-0000000000ff',
          changes: { summary: 'x' },
          reason: 'why not',
        },
        reviewer,
      ),
    ).rejects.toMatchObject({ code: 'ENTRY_NOT_FOUND' });
    await add('0195a000-0000-7000-8000-00000000000c');
    await expect(
      timeline.execute(
        { kind: 'retract', entryId: '0195a000-0000-7000-8000-00000000000c', reason: '' },
        reviewer,
      ),
    ).rejects.toMatchObject({ code: 'INVALID_ENTRY', details: { field: 'reason' } });
    expect((await ctx.events.head()).position).toBe(head.position + 1);
  });

  it('answers "as of" a past moment exactly as recorded then', async () => {
    const first = '0195a000-0000-7000-8000-000000000010';
    const later = '0195a000-0000-7000-8000-000000000011';
    ctx.clock.set('2026-04-01T10:00:00.000Z');
    await add(first);
    ctx.clock.set('2026-04-02T10:00:00.000Z');
    await timeline.execute(
      { kind: 'amend', entryId: first, changes: { summary: 'Amended later.' }, reason: 'new facts' },
      reviewer,
    );
    await add(later, { title: 'Added later', countries: ['UZ'] });

    const before = new Date('2026-04-01T12:00:00.000Z');
    const past = await queries.list({}, { limit: 10, offset: 0 }, before);
    expect(past.entries.map((e) => [e.id, e.summary])).toEqual([[first, fields().summary]]);
    expect((await queries.get(first, before)).history).toHaveLength(1);
    await expect(queries.get(later, before)).rejects.toMatchObject({ code: 'ENTRY_NOT_FOUND' });
    expect((await queries.list({}, { limit: 10, offset: 0 }, new Date('2026-03-01T00:00:00Z'))).total).toBe(
      0,
    );
    // The fold and the read model agree about the present.
    const now = await queries.list({}, { limit: 10, offset: 0 }, new Date('2030-01-01T00:00:00Z'));
    expect(now.entries).toEqual((await queries.list({}, { limit: 10, offset: 0 })).entries);

    const exported = await runCli(['export', '--format', 'json', '--as-of', before.toISOString()], ctx.env);
    expect(exported.code).toBe(0);
    expect(
      (JSON.parse(exported.stdout) as Array<{ id: string; summary: string }>).map((e) => [e.id, e.summary]),
    ).toEqual([[first, fields().summary]]);
  });

  it('exports from the command line by place and in the order asked for; a bad option is refused plainly', async () => {
    await ctx.app.get(SeedImporter).seed();
    const exported = await runCli(
      ['export', '--format', 'json', '--place', 'xinjiang', '--sort', 'date-desc'],
      ctx.env,
    );
    expect(exported.code).toBe(0);
    const entries = JSON.parse(exported.stdout) as Array<{
      date: { start: string };
      places: Array<{ id: string }>;
    }>;
    expect(entries.length).toBeGreaterThan(1);
    for (const entry of entries) expect(entry.places.map((place) => place.id)).toContain('xinjiang');
    const starts = entries.map((entry) => entry.date.start);
    expect(starts).toEqual([...starts].sort().reverse());

    const refused = await runCli(['export', '--sort', 'sideways'], ctx.env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^--sort: /);
  });

  it('rebuild gives exactly the incrementally built timeline', async () => {
    await ctx.app.get(SeedImporter).seed();
    await timeline.execute(
      {
        kind: 'amend',
        entryId: SeedImporter.entryId(SEED_ENTRIES[3]!.key),
        changes: { actors: ['Someone'] },
        reason: 'test',
      },
      reviewer,
    );
    const snapshot = async () => ({
      entries: await ctx.database.query('SELECT * FROM timeline_entries ORDER BY id'),
      tags: await ctx.database.query('SELECT * FROM timeline_entry_tags ORDER BY kind, value, entry_id'),
      search: await queries.list(toFilter({ q: 'someone' }), { limit: 50, offset: 0 }),
    });
    const before = await snapshot();
    expect(before.search.total).toBe(1);

    await ctx.app.get(Projector).rebuild(['timeline']);

    expect(await snapshot()).toEqual(before);
    if (ctx.database.kind === 'postgres') {
      // The planner knows the rewritten tables, the PostgreSQL-only vocabulary of words too.
      const analyzed = await ctx.database.query<{ tablename: string }>(
        `SELECT DISTINCT tablename FROM pg_stats WHERE schemaname = current_schema()
           AND tablename IN ('timeline_entries', 'timeline_search_vocabulary') ORDER BY tablename`,
      );
      expect(analyzed.map((row) => row.tablename)).toEqual([
        'timeline_entries',
        'timeline_search_vocabulary',
      ]);
    }
  });
});
