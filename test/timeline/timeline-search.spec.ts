import { Projector } from '@app/event-store';
import { MIGRATIONS } from '@app/migrations';
import {
  type Category,
  type CountryCode,
  type EntryFields,
  type TimelineFilter,
  placeById,
  placeRef,
  type SourceRef,
  TimelineModule,
  TimelineQueries,
  TimelineService,
} from '@app/timeline';

import { createTestContext, DATABASE_KINDS, runCli, type TestContext } from '../support';

// Issue 3: the read model's queries (indexes, FTS5, sort keys) must answer exactly as the fold of
// the log that "as of" reads use, for every kind of filter and page, on both databases.

const FUTURE = new Date('2100-01-01T00:00:00.000Z');
const reviewer = { actor: 'key:rev1' };

/** Small, fixed pseudo-random numbers (mulberry32), so every run builds the same timeline. */
function randomFrom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Words that test the search: scripts, one- and two-character terms, quotes, LIKE wildcards, FTS5 syntax.
const WORDS = [
  'Pipeline',
  'patrol',
  'Khorgos',
  'граница',
  'пограничники',
  'Граница',
  '中亚',
  '亚洲',
  '边境联合巡逻',
  '省',
  '"Peace Mission"',
  '100%',
  'under_score',
  'AND',
  'NEAR(x)',
  'drone*',
  '😀',
  'kz',
];
const DATES: EntryFields['date'][] = [
  { start: '2019', precision: 'year' },
  { start: '2019-01', precision: 'month' },
  { start: '2019-01-01', precision: 'day' },
  { start: '2019-01-02', precision: 'day' },
  { start: '2018-11', end: '2019-02', precision: 'range' },
  { start: '2020-06', precision: 'ongoing' },
];
const COUNTRIES: CountryCode[] = ['KZ', 'CN', 'TJ', 'UZ'];
const PLACE_IDS = ['khorgos', 'osh', 'gorno-badakhshan', 'kashgar'];
// Words found only in sources' quotes, excerpts and notes (issue 11: search covers them).
const SOURCE_WORDS = ['quoteword', 'границе', '口岸', 'excerptword', 'noteword'];
const CATEGORIES: Category[] = ['border-security', 'policing', 'counter-terrorism'];

describe.each(DATABASE_KINDS)('timeline queries (%s)', (kind) => {
  let ctx: TestContext;
  let timeline: TimelineService;
  let queries: TimelineQueries;
  const ids: string[] = [];
  /** Moments of the timeline's life, for time travel: after some additions, amendments, retractions. */
  const moments: Date[] = [];

  beforeAll(async () => {
    ctx = await createTestContext(kind, { features: [TimelineModule] });
    timeline = ctx.app.get(TimelineService);
    queries = ctx.app.get(TimelineQueries);
    const random = randomFrom(3);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const some = <T>(list: readonly T[]): T[] => [...new Set([pick(list), pick(list)])];
    // Ids in random order, so that within a day the order of ids is not the order of addition.
    for (let i = 0; i < 48; i += 1) {
      const entryId = `0195b000-0000-7000-8000-${Math.floor(random() * 2 ** 40)
        .toString(16)
        .padStart(12, '0')}`;
      ids.push(entryId);
      // Some entries cite one seed document twice (one source, two quotes), some carry an
      // excerpt or a note; a third have places, the others none at all (as entries from before
      // places existed).
      const sources: SourceRef[] =
        i % 4 === 0
          ? [1, 2].map((n) => ({
              id: `doc-a#${n}`,
              title: pick(WORDS),
              origin: {
                kind: 'seed',
                document: 'doc-a',
                locator: `p. ${n}`,
                quote: `${pick(SOURCE_WORDS)} ${n}`,
              },
            }))
          : i % 4 === 1
            ? [{ id: 's1', title: pick(WORDS), excerpt: pick(SOURCE_WORDS), origin: { kind: 'manual' } }]
            : i % 4 === 2
              ? [{ id: 's1', title: pick(WORDS), origin: { kind: 'manual', note: pick(SOURCE_WORDS) } }]
              : [{ id: 's1', title: pick(WORDS), origin: { kind: 'manual' } }];
      await timeline.execute(
        {
          kind: 'add',
          entryId,
          fields: {
            title: `${pick(WORDS)} ${pick(WORDS)} ${i}`,
            summary: `${pick(WORDS)} and ${pick(WORDS)}.`,
            date: pick(DATES),
            countries: some(COUNTRIES),
            actors: i % 5 === 0 ? ['Border Service of Kazakhstan'] : [],
            categories: some(CATEGORIES),
            ...(i % 3 === 0 ? { places: some(PLACE_IDS).map((id) => placeRef(placeById(id)!)) } : {}),
          },
          sources,
          origin: { kind: 'manual' },
        },
        reviewer,
      );
      ctx.clock.advance(1000);
      if (i === 0 || i === 20) moments.push(ctx.clock.now());
    }
    moments.push(ctx.clock.now());
    // Later life: new titles and dates (so new sort keys), a new source, retractions.
    const amendments: [number, Partial<EntryFields>][] = [
      [1, { title: 'Renamed граница' }],
      [2, { date: { start: '2018-12-31', precision: 'day' } }],
      [3, { date: { start: '1995', precision: 'year' }, countries: ['TM'] }],
      [8, { places: [placeRef(placeById('khorgos')!)] }],
    ];
    for (const [i, changes] of amendments) {
      await timeline.execute({ kind: 'amend', entryId: ids[i]!, changes, reason: 'test' }, reviewer);
      ctx.clock.advance(1000);
    }
    moments.push(ctx.clock.now());
    await timeline.execute(
      {
        kind: 'attach-source',
        entryId: ids[4]!,
        source: { id: 's2', title: 'Attached 中亚 source', origin: { kind: 'manual' } },
      },
      reviewer,
    );
    for (const i of [5, 6, 2]) {
      ctx.clock.advance(1000);
      await timeline.execute({ kind: 'retract', entryId: ids[i]!, reason: 'test' }, reviewer);
      moments.push(ctx.clock.now());
    }
  }, 120_000);
  afterAll(async () => {
    await ctx.close();
  });

  const filters: TimelineFilter[] = [
    {},
    { includeRetracted: true },
    { countries: ['KZ'] },
    { countries: ['KZ', 'TJ'] },
    { countries: ['CN'], categories: ['policing'] },
    {
      countries: ['KZ', 'UZ'],
      categories: ['border-security', 'policing'],
      actors: ['Border Service of Kazakhstan'],
    },
    { categories: ['policing'], includeRetracted: true },
    { from: '2019-01-02' },
    { from: '2019-01-01', toExclusive: '2019-01-02' },
    { toExclusive: '2019-01-01', countries: ['CN'] },
    ...[
      'граница',
      'ГРАНИЦА',
      'пограничник',
      'pipeline',
      'PIPELINE patrol',
      '中亚',
      '亚',
      '中亚 亚洲',
      'patrol 中亚',
      '边境联合',
      '省',
      '"peace',
      'mission"',
      '"',
      '100%',
      '1%0',
      '%',
      '_',
      'r_s',
      'and',
      'near(x)',
      'drone*',
      '*',
      '😀',
      'kz',
      'k',
      'attached',
      'renamed',
      'nothing-matches-this',
    ].map((q) => ({ q })),
    { q: 'граница', includeRetracted: true },
    { q: '中亚', countries: ['KZ'] },
    { q: 'patrol', from: '2019-01-02' },
    { q: 'a', categories: ['policing'], includeRetracted: true },
    // Issue 11: Russian by stem, phrases, sources' texts, places, sort orders.
    ...[
      'границы',
      'границе',
      'Границей',
      '"peace mission"',
      '"mission" peace',
      '"граница 1"',
      ...SOURCE_WORDS,
    ].map((q) => ({ q })),
    { places: ['khorgos'] },
    { places: ['khorgos', 'osh'], countries: ['KZ'] },
    { places: ['kashgar'], q: 'граница' },
    { sort: 'date-desc' },
    { sort: 'recorded-desc' },
    { sort: 'date-desc', includeRetracted: true },
    { sort: 'date-desc', countries: ['KZ'], categories: ['policing'] },
    { sort: 'recorded-desc', countries: ['CN'] },
    { sort: 'recorded-desc', q: 'patrol' },
    { sort: 'date-desc', q: '中亚' },
    { sort: 'recorded-desc', q: '"peace mission"', from: '2019-01-01' },
  ];
  const pages = [
    { limit: 50, offset: 0 },
    { limit: 1, offset: 0 },
    { limit: 3, offset: 2 },
    { limit: 7, offset: 5 },
    { limit: 4, offset: 13 },
    { limit: 10, offset: 39 },
    { limit: 5, offset: 100 },
  ];

  it.each(filters.map((filter) => [JSON.stringify(filter), filter] as const))(
    'answer %s as the fold of the log does, page by page',
    async (_, filter) => {
      for (const page of pages) {
        const { asOf: _asOf, ...folded } = await queries.listByFold(filter, page, FUTURE);
        expect([page, await queries.list(filter, page)]).toEqual([page, folded]);
      }
    },
  );

  // Time travel from the read model's versions (issue 11): the same answers as the fold of the
  // log up to each moment, for every filter, search and sort.
  it.each(filters.map((filter) => [JSON.stringify(filter), filter] as const))(
    'answer %s as of each past moment as the fold of the log then does',
    async (_, filter) => {
      for (const moment of [new Date('2025-01-01T00:00:00Z'), ...moments, FUTURE]) {
        for (const page of pages.slice(0, 4)) {
          const at = [moment.toISOString(), page];
          expect([at, await queries.list(filter, page, moment)]).toEqual([
            at,
            await queries.listByFold(filter, page, moment),
          ]);
        }
      }
    },
  );

  it.each(
    [
      {},
      { countries: ['KZ'] },
      { countries: ['KZ', 'TJ'], categories: ['policing'] },
      { places: ['khorgos'], q: 'граница' },
      { from: '2019-01-02', actors: ['Border Service of Kazakhstan'] },
      { q: 'patrol', includeRetracted: true },
    ].map((filter) => [JSON.stringify(filter), filter as TimelineFilter] as const),
  )('count facets for %s under the other filters, as the fold does', async (_, filter) => {
    const facets = await queries.facets(filter);
    expect(facets).toEqual(await queries.facetsByFold(filter, FUTURE));
    for (const moment of moments)
      expect(await queries.facets(filter, moment)).toEqual(await queries.facetsByFold(filter, moment));
    expect(facets.countries.length).toBeGreaterThan(0);
  });

  it('keep one search row per entry, keyed by its sort key (negated while retracted)', async () => {
    if (kind !== 'sqlite') return;
    const entries = await ctx.database.query<{ sort_key: number; status: string }>(
      'SELECT sort_key, status FROM timeline_entries',
    );
    const expected = entries
      .map((e) => (e.status === 'active' ? e.sort_key : -e.sort_key))
      .sort((a, b) => a - b);
    for (const table of ['timeline_search', 'timeline_search_grams']) {
      const rows = await ctx.database.query<{ rowid: number }>(`SELECT rowid FROM ${table} ORDER BY rowid`);
      expect([table, rows.map((r) => r.rowid)]).toEqual([table, expected]);
    }
  });

  it('are rebuilt identically by the migration (on a database holding entries) and by `rebuild`', async () => {
    const snapshot = async () => ({
      entries: await ctx.database.query('SELECT * FROM timeline_entries ORDER BY id'),
      tags: await ctx.database.query('SELECT * FROM timeline_entry_tags ORDER BY kind, value, entry_id'),
      versions: await ctx.database.query('SELECT * FROM timeline_entry_versions ORDER BY id, version'),
      versionTags: await ctx.database.query(
        'SELECT * FROM timeline_entry_version_tags ORDER BY kind, value, entry_id, version',
      ),
      search: await Promise.all(
        [{ q: 'граница' }, { q: '中亚' }, { q: 'patrol', countries: ['KZ'] }].map((filter) =>
          queries.list(filter, { limit: 5, offset: 0 }),
        ),
      ),
      ...(kind === 'sqlite'
        ? { rowids: await ctx.database.query('SELECT rowid FROM timeline_search_grams ORDER BY rowid') }
        : {
            // Every word of every entry is in the vocabulary its searches go through.
            wordsMissing: await ctx.database.query(
              `SELECT COUNT(*)::int AS n FROM (SELECT unnest(search_words) AS word FROM timeline_entries) w
               WHERE NOT EXISTS (SELECT 1 FROM timeline_search_vocabulary v WHERE v.word = w.word)`,
            ),
            words: await ctx.database.query(
              `SELECT COUNT(*)::int AS n FROM timeline_entries WHERE search_words = '{}'`,
            ),
          }),
    });
    const before = await snapshot();
    const migration = (name: string) => MIGRATIONS.find((m) => m.name === name)!;
    const [indexes, places, versions, grams] = [
      migration('TimelineQueryIndexes1795305900000'),
      migration('TimelinePlacesSort1795307100000'),
      migration('TimelineVersions1795307110000'),
      migration('TimelineSearchGramsPostgres1795307120000'),
    ];
    const counts = migration('TimelineVersionsCount1795307130000');
    // Later migrations that touch what these do are undone first and redone last, as TypeORM would.
    const checkpoints = migration('Checkpoints1795307750000');
    const hashSize = migration('TimelineSearchHashSize1795308000000');
    const tagsByEntry = migration('TimelineTagsByEntry1795308010000');
    const words = migration('TimelineSearchWordsPostgres1795308100000');
    const runner = ctx.database.dataSource.createQueryRunner();
    try {
      await new words().down(runner);
      await new tagsByEntry().down(runner);
      await new hashSize().down(runner);
      await new checkpoints().down(runner);
      await new grams().down(runner);
      await new counts().down(runner);
      await new versions().down(runner);
      await new places().down(runner);
      await new indexes().down(runner);
      // Rows in the old shape, as a database of the previous release holds them.
      await runner.query(
        `INSERT INTO timeline_entry_tags (kind, value, entry_id) VALUES ('country', 'KZ', '${ids[0]}')`,
      );
      await new indexes().up(runner);
      await new places().up(runner);
      await new versions().up(runner);
      await new counts().up(runner);
      await new grams().up(runner);
      await new checkpoints().up(runner);
      await new hashSize().up(runner);
      await new tagsByEntry().up(runner);
      await new words().up(runner);
    } finally {
      await runner.release();
    }
    expect((await ctx.database.query('SELECT COUNT(*) AS n FROM timeline_entries'))[0]).toEqual({
      n: kind === 'sqlite' ? 0 : '0',
    });

    await ctx.app.get(Projector).catchUp();
    expect(await snapshot()).toEqual(before);

    const cli = await runCli(['rebuild', 'timeline', '--json'], ctx.env);
    expect(cli.code).toBe(0);
    expect(await snapshot()).toEqual(before);
  }, 60_000);
});
