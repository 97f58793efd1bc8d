import { Projector } from '@app/event-store';
import { MIGRATIONS } from '@app/migrations';
import {
  type Category,
  type CountryCode,
  type EntryFields,
  type TimelineFilter,
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
const CATEGORIES: Category[] = ['border-security', 'policing', 'counter-terrorism'];

describe.each(DATABASE_KINDS)('timeline queries (%s)', (kind) => {
  let ctx: TestContext;
  let timeline: TimelineService;
  let queries: TimelineQueries;
  const ids: string[] = [];

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
          },
          sources: [{ id: 's1', title: pick(WORDS), origin: { kind: 'manual' } }],
          origin: { kind: 'manual' },
        },
        reviewer,
      );
    }
    // Later life: new titles and dates (so new sort keys), a new source, retractions.
    const amendments: [number, Partial<EntryFields>][] = [
      [1, { title: 'Renamed граница' }],
      [2, { date: { start: '2019-01-01', precision: 'day' } }],
      [3, { date: { start: '1995', precision: 'year' }, countries: ['TM'] }],
    ];
    for (const [i, changes] of amendments) {
      await timeline.execute({ kind: 'amend', entryId: ids[i]!, changes, reason: 'test' }, reviewer);
    }
    await timeline.execute(
      {
        kind: 'attach-source',
        entryId: ids[4]!,
        source: { id: 's2', title: 'Attached 中亚 source', origin: { kind: 'manual' } },
      },
      reviewer,
    );
    for (const i of [5, 6, 2]) {
      await timeline.execute({ kind: 'retract', entryId: ids[i]!, reason: 'test' }, reviewer);
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
        const { asOf: _asOf, ...folded } = await queries.list(filter, page, FUTURE);
        expect([page, await queries.list(filter, page)]).toEqual([page, folded]);
      }
    },
  );

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
      search: await Promise.all(
        [{ q: 'граница' }, { q: '中亚' }, { q: 'patrol', countries: ['KZ'] }].map((filter) =>
          queries.list(filter, { limit: 5, offset: 0 }),
        ),
      ),
      ...(kind === 'sqlite'
        ? { rowids: await ctx.database.query('SELECT rowid FROM timeline_search_grams ORDER BY rowid') }
        : {}),
    });
    const before = await snapshot();
    const migration = MIGRATIONS.find((m) => m.name === 'TimelineQueryIndexes1795305900000')!;
    const runner = ctx.database.dataSource.createQueryRunner();
    try {
      await new migration().down(runner);
      // Rows in the old shape, as a database of the previous release holds them.
      await runner.query(
        `INSERT INTO timeline_entry_tags (kind, value, entry_id) VALUES ('country', 'KZ', '${ids[0]}')`,
      );
      await new migration().up(runner);
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
