import { SEED_ENTRIES, SeedImporter, SeedModule } from '@app/seed';
import {
  type EntryFields,
  placeById,
  placeRef,
  type SourceRef,
  TimelineModule,
  TimelineQueries,
  timelineQuerySchema,
  TimelineService,
  toFilter,
} from '@app/timeline';

import { createTestContext, DATABASE_KINDS, type TestContext } from '../support';

// Issue 11, the analyst's questions, on both databases: facets under the other filters, each
// source once with its quotes, places, sort orders, search by stem and phrase and in sources,
// history that names people, and amendments that say which version they were made on.

const manual = (over: Partial<SourceRef> = {}): SourceRef => ({
  id: 's1',
  title: 'Local report',
  origin: { kind: 'manual' },
  ...over,
});
const fields = (over: Partial<EntryFields> = {}): EntryFields => ({
  title: 'Joint patrol',
  summary: 'Border guards patrol together.',
  date: { start: '2024-03-05', precision: 'day' },
  countries: ['KZ', 'CN'],
  actors: [],
  categories: ['border-security'],
  ...over,
});
const place = (id: string) => placeRef(placeById(id)!);
const page = { limit: 100, offset: 0 };

describe.each(DATABASE_KINDS)('the analyst timeline (%s)', (kind) => {
  let ctx: TestContext;
  let timeline: TimelineService;
  let queries: TimelineQueries;
  const alice = { actor: 'key:alice1', actorName: 'Alice Analyst' };

  beforeEach(async () => {
    ctx = await createTestContext(kind, { features: [TimelineModule, SeedModule] });
    timeline = ctx.app.get(TimelineService);
    queries = ctx.app.get(TimelineQueries);
  });
  afterEach(async () => {
    await ctx.close();
  });

  const id = (n: number) => `0195c000-0000-7000-8000-${String(n).padStart(12, '0')}`;
  const add = (n: number, over: Partial<EntryFields> = {}, sources: SourceRef[] = [manual()]) =>
    timeline.execute(
      { kind: 'add', entryId: id(n), fields: fields(over), sources, origin: { kind: 'manual' } },
      alice,
    );
  const ids = async (query: Record<string, unknown>) =>
    (await queries.list(toFilter(timelineQuerySchema.parse(query)), page)).entries.map((e) => e.id);

  it('counts each facet under every other filter, as faceted search does', async () => {
    await add(1, { countries: ['TM'], categories: ['diplomacy'] });
    await add(2, { countries: ['KZ'], categories: ['policing'], places: [place('khorgos')] });
    await add(3, { countries: ['KZ', 'CN'], categories: ['border-security'], places: [place('khorgos')] });

    const facets = await queries.facets(toFilter(timelineQuerySchema.parse({ country: 'TM' })));

    // With Turkmenistan chosen, Category offers only what Turkmenistan's entries have...
    expect(facets.categories).toEqual([{ value: 'diplomacy', count: 1, label: 'Diplomacy and agreements' }]);
    expect(facets.places).toEqual([]);
    // ...while Country still counts every country (its own filter is left out).
    expect(facets.countries.map((c) => [c.value, c.count])).toEqual([
      ['KZ', 2],
      ['CN', 1],
      ['TM', 1],
    ]);
    const atKhorgos = await queries.facets(toFilter(timelineQuerySchema.parse({ place: 'khorgos' })));
    expect(atKhorgos.categories.map((c) => c.value).sort()).toEqual(['border-security', 'policing']);
    expect(atKhorgos.places).toEqual([
      { value: 'khorgos', count: 2, label: 'Khorgos', lat: 44.21, lon: 80.41 },
    ]);
  });

  it('lists a document quoted several times once, with all its quotes', async () => {
    await ctx.app.get(SeedImporter).seed();
    const seeded = SEED_ENTRIES.find(
      (e) => new Set(e.sources.map((s) => s.document)).size < e.sources.length,
    )!;
    const { entry } = await queries.get(SeedImporter.entryId(seeded.key));
    const documents = [...new Set(seeded.sources.map((s) => s.document))];
    expect(entry.sources).toHaveLength(documents.length);
    expect(entry.sources.flatMap((s) => s.quotes.map((q) => q.text))).toEqual(
      documents.flatMap((d) => seeded.sources.filter((s) => s.document === d).map((s) => s.quote)),
    );
    // The seed's entries carry the places their documents name.
    const outpost = await queries.get(SeedImporter.entryId('cn-tj-pap-outpost-gorno-badakhshan-2016'));
    expect(outpost.entry.places.map((p) => p.id)).toContain('gorno-badakhshan');
  });

  it('carries places from the gazetteer, refuses unknown ones, and filters by them', async () => {
    await add(1, { places: ['khorgos', { id: 'osh' }] as unknown as EntryFields['places'] });
    await add(2, {});
    const { entry } = await queries.get(id(1));
    expect(entry.places).toEqual([
      { id: 'khorgos', name: 'Khorgos', lat: 44.21, lon: 80.41 },
      { id: 'osh', name: 'Osh', lat: 40.53, lon: 72.8 },
    ]);
    expect((await queries.get(id(2))).entry.places).toEqual([]);
    expect(await ids({ place: 'osh' })).toEqual([id(1)]);
    await expect(add(3, { places: ['atlantis'] as unknown as EntryFields['places'] })).rejects.toMatchObject({
      code: 'INVALID_ENTRY',
      details: { field: 'places.0' },
    });
    await timeline.execute(
      {
        kind: 'amend',
        entryId: id(2),
        changes: { places: [place('torugart')] },
        reason: 'named in a report',
      },
      alice,
    );
    expect(await ids({ place: 'torugart' })).toEqual([id(2)]);
  });

  it('sorts by date, newest date first, or newest recorded first', async () => {
    await add(1, { date: { start: '2020', precision: 'year' } });
    ctx.clock.advance(1000);
    await add(2, { date: { start: '2018', precision: 'year' } });
    ctx.clock.advance(1000);
    await add(3, { date: { start: '2022-05', precision: 'month' } });
    expect(await ids({})).toEqual([id(2), id(1), id(3)]);
    expect(await ids({ sort: 'date' })).toEqual([id(2), id(1), id(3)]);
    expect(await ids({ sort: 'date-desc' })).toEqual([id(3), id(1), id(2)]);
    expect(await ids({ sort: 'recorded-desc' })).toEqual([id(3), id(2), id(1)]);
    expect(await ids({ sort: 'recorded-desc', from: '2019' })).toEqual([id(3), id(1)]);
  });

  it('finds Russian by stem, quoted phrases as phrases, and words of sources', async () => {
    await add(1, { summary: 'Усиление охраны границы.' });
    await add(2, { summary: 'Патруль на границе Китая.' });
    await add(3, { summary: 'Peace Mission exercise.' });
    await add(4, { summary: 'A mission for peace.' });
    await add(5, { summary: 'Other.' }, [manual({ excerpt: '中亚边境联合巡逻' })]);
    await add(6, { summary: 'Other.' }, [
      {
        id: 'd#1',
        title: 'Document',
        origin: { kind: 'seed', document: 'd', locator: 'p. 1', quote: 'Quoted only here: Irkeshtam' },
      },
    ]);
    expect(await ids({ q: 'граница' })).toEqual([id(1), id(2)]);
    expect(await ids({ q: 'границе' })).toEqual([id(1), id(2)]);
    expect(await ids({ q: '"peace mission"' })).toEqual([id(3)]);
    expect(await ids({ q: 'peace mission' })).toEqual([id(3), id(4)]);
    expect(await ids({ q: '边境' })).toEqual([id(5)]);
    expect(await ids({ q: '亚' })).toEqual([id(5)]);
    expect(await ids({ q: 'irkeshtam' })).toEqual([id(6)]);
  });

  it('names people in history, shows amendments as before → after, and refuses a stale amendment', async () => {
    await add(1);
    await timeline.execute(
      { kind: 'amend', entryId: id(1), changes: { title: 'Joint patrol at Khorgos' }, reason: 'clarity' },
      { actor: 'key:bob2', actorName: 'Bob Reviewer' },
    );
    await expect(
      timeline.execute(
        { kind: 'amend', entryId: id(1), changes: { title: 'Stale' }, reason: 'stale', expectedVersion: 1 },
        alice,
      ),
    ).rejects.toMatchObject({ code: 'ENTRY_MOVED_ON', details: { version: 2 } });
    await timeline.execute(
      { kind: 'amend', entryId: id(1), changes: { summary: 'Fresh.' }, reason: 'fresh', expectedVersion: 2 },
      alice,
    );

    const { history } = await queries.get(id(1));
    expect(history.map((h) => [h.type, h.by, h.actor])).toEqual([
      ['EntryAdded', 'Alice Analyst', 'key:alice1'],
      ['EntryAmended', 'Bob Reviewer', 'key:bob2'],
      ['EntryAmended', 'Alice Analyst', 'key:alice1'],
    ]);
    expect(history[1]!.diff).toEqual([
      { field: 'title', before: 'Joint patrol', after: 'Joint patrol at Khorgos' },
    ]);
  });

  it("shows the reviewer's edits at approval and the candidate, from the log alone", async () => {
    const candidateId = '0195c000-0000-7000-8000-0000000000aa';
    const edits = { title: { before: 'Proposed title', after: 'Joint patrol' } };
    const add = await timeline.prepare(
      {
        kind: 'add',
        entryId: id(9),
        fields: fields(),
        sources: [manual()],
        origin: { kind: 'candidate', candidateId },
      },
      { actor: 'key:rev3' }, // an approval written before actorName existed
    );
    await ctx.events.appendToStreams([
      {
        streamId: `candidate-${candidateId}`,
        expectedVersion: 0,
        events: [
          {
            type: 'CandidateApproved',
            data: { candidateId, entryId: id(9), edits, reviewer: 'Rita Reviewer' },
            metadata: { actor: 'key:rev3' },
          },
        ],
      },
      add,
    ]);
    const [added] = (await queries.get(id(9))).history;
    expect(added).toMatchObject({
      type: 'EntryAdded',
      by: 'Rita Reviewer',
      candidateId,
      approvalEdits: [{ field: 'title', before: 'Proposed title', after: 'Joint patrol' }],
    });
  });
});
