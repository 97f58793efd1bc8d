import { Projector, type StoredEvent } from '@app/event-store';
import {
  applyToView,
  CATEGORIES,
  citeSources,
  type Category,
  compareEntries,
  type CountryCode,
  type EntryCommand,
  type EntryFields,
  matchesFilter,
  type SourceRef,
  type TimelineEntry,
  type TimelineFilter,
  TimelineModule,
  TimelineQueries,
  timelineQuerySchema,
  TimelineService,
  toFilter,
} from '@app/timeline';
import BetterSqlite3 from 'better-sqlite3';

import { type BenchContext, benchDatabase, openBench, removeBench, round, timed } from './bench-context';

const BATCH = 500;
const PAGE = 50;
const RUNS = 200;
const WARM_UP = 20;
const AS_OF_RUNS = 10;
const AS_OF_WARM_UP = 1;
const SLOW_P95_MS = 20;
const BUDGET_MS = 20_000;
const MIN_RUNS = 20;

/**
 * Issue 6's figures: timeline queries at `entries` entries, each beside the same query in raw SQL.
 * On `--db postgres` the raw twins (written for better-sqlite3) give way to the parity figures.
 */
export async function benchTimeline(options: { entries: number }) {
  if (benchDatabase() === 'postgres') return benchTimelineParity(options);
  const ctx = await openBench('timeline', { synchronous: 'NORMAL', features: [TimelineModule] });
  const queries = ctx.app.get(TimelineQueries);
  const { model, asOf, fill, changes, mutations } = await fillTimelines([ctx], options.entries);
  await ctx.database.dataSource.query('PRAGMA wal_checkpoint(TRUNCATE)');

  const db = new BetterSqlite3(ctx.path, { readonly: true });
  const everything = [...model.values()];
  const expected = (filter: TimelineFilter, offset: number, entries = everything) =>
    expectedPage(entries, filter, offset);

  const cases = queryCases();

  const runners = cases.map((c) => {
    const filter = toFilter(timelineQuerySchema.parse(c.query));
    const offset = c.offset ?? 0;
    const [page, count] = [db.prepare(c.raw.page), db.prepare(c.raw.count)];
    return {
      c,
      offset,
      model: expected(filter, offset),
      raw: (): Answer => ({
        ids: (page.all(...pageArgs(c.raw, offset)) as { id: string }[]).map((r) => r.id),
        total: (count.get(...c.raw.params) as { total: number }).total,
      }),
      product: async (): Promise<Answer> => {
        const result = await queries.list(filter, { limit: PAGE, offset });
        return { ids: result.entries.map((e) => e.id), total: result.total };
      },
      plan: () => ({
        page: plan(db, c.raw.page, pageArgs(c.raw, offset)),
        count: plan(db, c.raw.count, c.raw.params),
      }),
    };
  });

  const results: Record<string, unknown> = {};
  const slow: string[] = [];
  const plans: Record<string, unknown> = {};
  for (const { c, offset, model, raw, product, plan } of runners) {
    const answer = sameAnswer(c.name, await product(), { 'raw SQL': raw(), 'the in-memory model': model });
    const productMs = await sample(RUNS, WARM_UP, product);
    const rawMs = await sample(RUNS, WARM_UP, raw);
    if (productMs.p95 > SLOW_P95_MS) {
      slow.push(c.name);
      plans[c.name] = plan();
    }
    results[c.name] = {
      query: { ...c.query, ...(offset ? { offset } : {}) },
      total: answer.total,
      returned: answer.ids.length,
      productMs,
      rawMs,
      overheadP50: round(productMs.p50 / rawMs.p50, 2),
    };
  }

  // Time travel, the old way (the test oracle): fold every entry event up to the position in memory.
  const travel = { time: asOf.times[0]!, entries: asOf.entries };
  const position = db.prepare('SELECT MAX(position) AS position FROM events WHERE recorded_at <= ?');
  const at = (position.get(travel.time.toISOString()) as { position: number }).position;
  const entryEvents = db.prepare(
    `SELECT stream_version, type, data, metadata, recorded_at FROM events
     WHERE stream_id >= 'entry-' AND stream_id < 'entry.' AND position <= ? ORDER BY position`,
  );
  const foldAsOf = () => {
    const views = new Map<string, TimelineEntry>();
    for (const row of entryEvents.iterate(at) as IterableIterator<Record<string, string | number>>) {
      const event = {
        streamVersion: row.stream_version,
        type: row.type,
        data: JSON.parse(String(row.data)) as object,
        metadata: JSON.parse(String(row.metadata)) as object,
        recordedAt: row.recorded_at,
      } as unknown as StoredEvent;
      const id = String(event.data.entryId);
      const view = applyToView(views.get(id), event);
      if (view) views.set(id, view);
    }
    const all = [...views.values()].filter((e) => matchesFilter(e, {})).sort(compareEntries);
    return { ids: all.slice(0, PAGE).map((e) => e.id), total: all.length };
  };
  sameAnswer('asOf fold', foldAsOf(), { 'the in-memory model': expected({}, 0, travel.entries) });
  const foldMs = await sample(AS_OF_RUNS, AS_OF_WARM_UP, foldAsOf);

  // Time travel from the read model's versions (issue 11): the same queries as of the middle of
  // the fill, beside the same query on the present and the same question in raw SQL.
  const asOfCasesAt = asOfCases(at);
  const asOfResults: Record<string, unknown> = {};
  for (const c of asOfCasesAt) {
    const filter = toFilter(timelineQuerySchema.parse(c.query));
    const [page, count] = [db.prepare(c.raw.page), db.prepare(c.raw.count)];
    const raw = (): Answer => ({
      ids: (page.all(...pageArgs(c.raw, 0)) as { id: string }[]).map((r) => r.id),
      total: (count.get(...c.raw.params) as { total: number }).total,
    });
    const product = async (time?: Date): Promise<Answer> => {
      const result = await queries.list(filter, { limit: PAGE, offset: 0 }, time);
      return { ids: result.entries.map((e) => e.id), total: result.total };
    };
    const answer = sameAnswer(`asOf ${c.name}`, await product(travel.time), {
      'raw SQL': raw(),
      'the in-memory model': expected(filter, 0, travel.entries),
    });
    const asOfMs = await sample(RUNS, WARM_UP, () => product(travel.time));
    const presentMs = await sample(RUNS, WARM_UP, () => product());
    const rawMs = await sample(RUNS, WARM_UP, raw);
    if (asOfMs.p95 > SLOW_P95_MS) slow.push(`asOf ${c.name}`);
    asOfResults[c.name] = {
      query: c.query,
      total: answer.total,
      asOfMs,
      presentMs,
      rawMs,
      asOfOverPresentP95: round(asOfMs.p95 / presentMs.p95, 2),
    };
  }

  // Issue 13: `rebuild timeline` replays the log into the read model (versions included), in batches.
  const eventCount = (db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
  const rebuild = await timed(() => ctx.app.get(Projector).rebuild(['timeline']));
  const rebuilt = runners[0]!;
  sameAnswer('after rebuild', await rebuilt.product(), {
    'raw SQL': rebuilt.raw(),
    'the in-memory model': rebuilt.model,
  });

  db.close();
  await ctx.app.close();
  removeBench(ctx);

  return {
    entries: options.entries,
    fill: {
      seconds: round(fill.ms / 1000, 1),
      entriesPerSecond: round(options.entries / (fill.ms / 1000), 0),
      streamsPerAppend: BATCH,
      amendedOrRetracted: mutations,
      msPerChange: round(changes.ms / mutations, 2),
    },
    pageSize: PAGE,
    runs: { perQuery: RUNS, warmUp: WARM_UP, budgetSecondsPerSeries: BUDGET_MS / 1000 },
    queries: results,
    asOf: {
      note:
        'time travel from the read model versions (valid_from <= P < valid_until) beside the same query ' +
        `on the present and raw SQL; foldMs: the old in-memory fold of the log (${AS_OF_RUNS} runs)`,
      asOf: travel.time.toISOString(),
      position: at,
      queries: asOfResults,
      foldMs,
    },
    rebuild: { events: eventCount, seconds: round(rebuild.ms / 1000, 2) },
    p95Over20ms: slow,
    plans,
  };
}

interface FilledTimeline {
  /** Every entry as the read model shows it (times as the first database recorded them). */
  model: Map<string, TimelineEntry>;
  /** The middle of the fill: when each database recorded its end, and the entries then. */
  asOf: { times: Date[]; entries: TimelineEntry[] };
  fill: { ms: number };
  changes: { ms: number };
  /** Entries amended or retracted after the fill. */
  mutations: number;
}

/**
 * Fills each database with the same seeded timeline through the real write path (validate + decide
 * per entry, one append per 500 streams), then amends 0.1% of the entries and retracts 0.1% (so
 * `status` filters something). Databases fill side by side, batch by batch.
 */
async function fillTimelines(ctxs: BenchContext[], entries: number): Promise<FilledTimeline> {
  const random = mulberry32(20260301);
  const words = vocabulary();
  const services = ctxs.map((ctx) => ctx.app.get(TimelineService));
  const appendEverywhere = async (commands: EntryCommand[], actors: string[]) =>
    Promise.all(
      ctxs.map(async (ctx, d) => {
        const requests = [];
        for (const [i, command] of commands.entries()) {
          requests.push(await services[d]!.prepare(command, { actor: actors[i]! }));
        }
        return (await ctx.events.appendToStreams(requests)).events;
      }),
    );

  const model = new Map<string, TimelineEntry>();
  let asOf: FilledTimeline['asOf'] | undefined;
  const batches = Math.ceil(entries / BATCH);
  const fill = await timed(async () => {
    for (let b = 0; b < batches; b += 1) {
      const size = Math.min(BATCH, entries - b * BATCH);
      const commands = Array.from({ length: size }, () => generateEntry(random, words));
      const actors = commands.map(() => pick(random, words.reviewers));
      const [events, ...others] = await appendEverywhere(commands, actors);
      commands.forEach((command, i) => model.set(command.entryId, toView(command, events![i]!)));
      if (b === Math.floor(batches / 2) - 1) {
        // "As of" the end of this batch: the first half of the entries, as they were added.
        const times = [events!, ...others].map((e) => new Date(e[e.length - 1]!.recordedAt));
        asOf = { times, entries: [...model.values()] };
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }
  });

  const ids = [...model.keys()];
  const mutations = shuffle(random, ids).slice(0, Math.max(2, Math.floor(ids.length / 500)));
  const changes = await timed(async () => {
    for (let i = 0; i < mutations.length; i += BATCH) {
      const commands: EntryCommand[] = [];
      const actors: string[] = [];
      for (const [j, entryId] of mutations.slice(i, i + BATCH).entries()) {
        const command: EntryCommand =
          (i + j) % 2 === 0
            ? {
                kind: 'amend',
                entryId,
                changes: { title: sentence(random, words, pick(random, LANGUAGES), 4, 8, false) },
                reason: 'Title corrected against the source',
              }
            : { kind: 'retract', entryId, reason: 'Duplicate of an earlier entry' };
        commands.push(command);
        actors.push(pick(random, words.reviewers));
        const view = model.get(entryId)!;
        model.set(
          entryId,
          command.kind === 'amend'
            ? { ...view, title: command.changes.title! }
            : { ...view, status: 'retracted' },
        );
      }
      await appendEverywhere(commands, actors);
    }
  });
  return { model, asOf: asOf!, fill, changes, mutations: mutations.length };
}

/** The page and total the in-memory model gives: what every database must answer. */
function expectedPage(entries: readonly TimelineEntry[], filter: TimelineFilter, offset: number): Answer {
  const all = entries.filter((e) => matchesFilter(e, filter)).sort(compareEntries);
  return { ids: all.slice(offset, offset + PAGE).map((e) => e.id), total: all.length };
}

/**
 * Issue 13's parity (`--db postgres`): the same seeded timeline in a SQLite file and a PostgreSQL
 * schema, each product query asked of both (answers equal to each other and to the in-memory
 * model), with both p95s and PostgreSQL's over SQLite's; "as of" queries beside their present twin
 * on each database.
 */
async function benchTimelineParity(options: { entries: number }) {
  const ctxs = [
    await openBench('timeline', { synchronous: 'NORMAL', features: [TimelineModule], database: 'sqlite' }),
    await openBench('timeline', { features: [TimelineModule], database: 'postgres' }),
  ];
  const [sqlite, postgres] = ctxs.map((ctx) => ctx.app.get(TimelineQueries)) as [
    TimelineQueries,
    TimelineQueries,
  ];
  const { model, asOf, fill } = await fillTimelines(ctxs, options.entries);
  // A PostgreSQL server's autovacuum cleans and analyzes tables this size within a minute; where it
  // is off (as on this machine's test server), do its work once, or the planner guesses blind.
  const setting = await ctxs[1]!.database.query<{ autovacuum: string }>('SHOW autovacuum');
  const autovacuum = setting[0]?.autovacuum;
  if (autovacuum === 'off') {
    for (const table of TIMELINE_TABLES) await ctxs[1]!.database.query(`VACUUM ANALYZE ${table}`);
  }
  const everything = [...model.values()];
  const ask = (queries: TimelineQueries, filter: TimelineFilter, offset: number, time?: Date) => async () => {
    const result = await queries.list(filter, { limit: PAGE, offset }, time);
    return { ids: result.entries.map((e) => e.id), total: result.total };
  };
  const compare = async (
    name: string,
    [onSqlite, onPostgres]: [() => Promise<Answer>, () => Promise<Answer>],
    expected: Answer,
  ) => {
    const answer = sameAnswer(name, await onPostgres(), {
      SQLite: await onSqlite(),
      'the in-memory model': expected,
    });
    const sqliteMs = await sample(RUNS, WARM_UP, onSqlite);
    const postgresMs = await sample(RUNS, WARM_UP, onPostgres);
    return {
      total: answer.total,
      sqliteMs,
      postgresMs,
      postgresOverSqliteP95: round(postgresMs.p95 / sqliteMs.p95, 2),
    };
  };

  const queries: Record<string, unknown> = {};
  for (const c of queryCases()) {
    const filter = toFilter(timelineQuerySchema.parse(c.query));
    const offset = c.offset ?? 0;
    queries[c.name] = {
      query: { ...c.query, ...(offset ? { offset } : {}) },
      ...(await compare(
        c.name,
        [ask(sqlite, filter, offset), ask(postgres, filter, offset)],
        expectedPage(everything, filter, offset),
      )),
    };
  }
  const asOfQueries: Record<string, unknown> = {};
  for (const c of asOfCases(0)) {
    const filter = toFilter(timelineQuerySchema.parse(c.query));
    const then = await compare(
      `asOf ${c.name}`,
      [ask(sqlite, filter, 0, asOf.times[0]), ask(postgres, filter, 0, asOf.times[1])],
      expectedPage(asOf.entries, filter, 0),
    );
    const now = queries[c.name] as { sqliteMs: { p95: number }; postgresMs: { p95: number } };
    asOfQueries[c.name] = {
      query: c.query,
      ...then,
      asOfOverPresentP95: {
        sqlite: round(then.sqliteMs.p95 / now.sqliteMs.p95, 2),
        postgres: round(then.postgresMs.p95 / now.postgresMs.p95, 2),
      },
    };
  }

  for (const ctx of ctxs) {
    await ctx.app.close();
    removeBench(ctx);
  }
  return {
    entries: options.entries,
    databases: ['sqlite', 'postgres'],
    fill: { seconds: round(fill.ms / 1000, 1), note: 'both databases, side by side, batch by batch' },
    postgres: {
      autovacuum,
      afterFill: autovacuum === 'off' ? `VACUUM ANALYZE ${TIMELINE_TABLES.join(', ')}` : 'nothing',
    },
    pageSize: PAGE,
    runs: { perQuery: RUNS, warmUp: WARM_UP, budgetSecondsPerSeries: BUDGET_MS / 1000 },
    note:
      'each query asked of SQLite and PostgreSQL holding the same entries; postgresOverSqliteP95 is the ' +
      'parity figure (issue 13: within 2); asOf queries (the middle of the fill) beside the present twin',
    queries,
    asOf: { queries: asOfQueries },
  };
}

/** The read model's tables. */
const TIMELINE_TABLES = [
  'timeline_entries',
  'timeline_entry_tags',
  'timeline_entry_versions',
  'timeline_entry_version_tags',
];

/** The present-time queries: each with its raw twin for better-sqlite3. */
function queryCases(): QueryCase[] {
  const actor = vocabulary().actors[12]!;
  return [
    { name: 'noFilter', query: {}, raw: byDate(ACTIVE, []) },
    { name: 'countryKZ', query: { country: 'KZ' }, raw: byTags([['country', 'KZ']]) },
    {
      name: 'categoryAndCountry',
      query: { category: 'border-security', country: 'TJ' },
      raw: byTags([
        ['category', 'border-security'],
        ['country', 'TJ'],
      ]),
    },
    { name: 'actor', query: { actor }, raw: byTags([['actor', actor]]) },
    {
      name: 'dateRange',
      query: { from: '2014-03', to: '2016' },
      raw: byDate(`${ACTIVE} AND last_day_exclusive > ? AND first_day < ?`, ['2014-03-01', '2017-01-01']),
    },
    { name: 'qEnglish', query: { q: 'Pipeline' }, raw: searched('"pipeline"') },
    // Russian by stem (issue 11): Граница searches for границ, which finds границы, границе...
    { name: 'qRussian', query: { q: 'Граница' }, raw: searched('"границ"') },
    { name: 'qChinese2', query: { q: '中亚' }, raw: searched(gramToken('中亚'), 'timeline_search_grams') },
    { name: 'qChinese1', query: { q: '军' }, raw: searched(gramToken('军'), 'timeline_search_grams') },
    {
      name: 'qAndCountry',
      query: { q: 'drone', country: 'UZ' },
      raw: byTags([['country', 'UZ']], {
        where: `entry_sort_key IN (SELECT rowid FROM timeline_search WHERE timeline_search MATCH ? AND rowid > 0)`,
        params: ['"drone"'],
      }),
    },
    { name: 'deepPage', query: {}, offset: 5_000, raw: byDate(ACTIVE, []) },
    // Beyond issue 3's list: two values of one field, long and short terms together, retracted too.
    {
      name: 'twoCountries',
      query: { country: 'KZ,TJ' },
      raw: {
        page: `SELECT ${COLUMNS} FROM timeline_entries WHERE id IN (SELECT entry_id FROM timeline_entry_tags
          WHERE kind = 'country' AND value IN (?, ?) AND ${ACTIVE}) ORDER BY first_day, id LIMIT ? OFFSET ?`,
        count: `SELECT COUNT(DISTINCT entry_id) AS total FROM timeline_entry_tags
          WHERE kind = 'country' AND value IN (?, ?) AND ${ACTIVE}`,
        params: ['KZ', 'TJ'],
      },
    },
    {
      name: 'qMixedScripts',
      query: { q: 'khorgos 中亚' },
      raw: searchedBoth('"khorgos"', gramToken('中亚')),
    },
    { name: 'qVeryCommon', query: { q: 'security' }, raw: searched('"security"') },
    { name: 'qDeepPage', query: { q: 'pipeline' }, offset: 5_000, raw: searched('"pipeline"') },
    {
      name: 'qIncludingRetracted',
      query: { q: 'pipeline', includeRetracted: 'true' },
      raw: {
        page: `SELECT ${COLUMNS} FROM timeline_entries WHERE +sort_key IN (SELECT abs(rowid) FROM timeline_search
          WHERE timeline_search MATCH ?) ORDER BY first_day, id LIMIT ? OFFSET ?`,
        count: `SELECT COUNT(*) AS total FROM timeline_search WHERE timeline_search MATCH ?`,
        params: ['"pipeline"'],
      },
    },
  ];
}

/** The "as of" queries at log position `at`: each with its raw twin for better-sqlite3. */
function asOfCases(at: number): Array<{ name: string; query: Record<string, string>; raw: RawQuery }> {
  return [
    { name: 'noFilter', query: {}, raw: versionsByDate(at) },
    { name: 'countryKZ', query: { country: 'KZ' }, raw: versionsByTags([['country', 'KZ']], at) },
    {
      name: 'categoryAndCountry',
      query: { category: 'border-security', country: 'TJ' },
      raw: versionsByTags(
        [
          ['category', 'border-security'],
          ['country', 'TJ'],
        ],
        at,
      ),
    },
    {
      name: 'dateRange',
      query: { from: '2014-03', to: '2016' },
      raw: versionsByDate(at, 'AND last_day_exclusive > ? AND first_day < ?', ['2014-03-01', '2017-01-01']),
    },
    // Text as of then: SQLite reads each version's text (its FTS5 tables index the present only).
    {
      name: 'qEnglish',
      query: { q: 'Pipeline' },
      raw: versionsByDate(at, 'AND instr(search_text, ?) > 0', ['pipeline']),
    },
    {
      name: 'qChinese2',
      query: { q: '中亚' },
      raw: versionsByDate(at, 'AND instr(search_text, ?) > 0', ['中亚']),
    },
    {
      name: 'qChinese1',
      query: { q: '军' },
      raw: versionsByDate(at, 'AND instr(search_text, ?) > 0', ['军']),
    },
  ];
}

interface QueryCase {
  name: string;
  /** As `GET /api/timeline` receives it; goes through timelineQuerySchema and toFilter. */
  query: Record<string, string>;
  offset?: number;
  /** The same question, written by hand for better-sqlite3: the page (LIMIT ? OFFSET ? last) and the count. */
  raw: RawQuery;
}

interface RawQuery {
  page: string;
  count: string;
  params: unknown[];
  /** The page's parameters, when not `params` then limit and offset. */
  pageParams?: (limit: number, offset: number) => unknown[];
}

const pageArgs = (raw: RawQuery, offset: number) =>
  raw.pageParams ? raw.pageParams(PAGE, offset) : [...raw.params, PAGE, offset];

interface Answer {
  ids: string[];
  total: number;
}

const COLUMNS =
  'id, title, summary, date_start, date_end, date_precision, first_day, last_day_exclusive, countries, actors, ' +
  'categories, sources, status, retraction, recorded_at, updated_at, version';
const ACTIVE = `status = 'active'`;

/** Active entries from their index by date. */
function byDate(where: string, params: unknown[]): RawQuery {
  return {
    page: `SELECT ${COLUMNS} FROM timeline_entries WHERE ${where} ORDER BY first_day, id LIMIT ? OFFSET ?`,
    count: `SELECT COUNT(*) AS total FROM timeline_entries WHERE ${where}`,
    params,
  };
}

/** Active versions that held at log position `at`, from their index by date. */
function versionsByDate(at: number, extra = '', params: unknown[] = []): RawQuery {
  const where = `${ACTIVE} AND valid_from <= ${at} AND valid_until > ${at} ${extra}`;
  return {
    page: `SELECT ${COLUMNS} FROM timeline_entry_versions WHERE ${where} ORDER BY first_day, id LIMIT ? OFFSET ?`,
    count: `SELECT COUNT(*) AS total FROM timeline_entry_versions WHERE ${where}`,
    params,
  };
}

/** Versions that held at `at` with every tag, from the version tag index, intersected. */
function versionsByTags(tags: [kind: string, value: string][], at: number): RawQuery {
  const keys = tags
    .map(
      ([kind]) =>
        `SELECT first_day, entry_id FROM timeline_entry_version_tags WHERE kind = '${kind}' AND value = ?
         AND ${ACTIVE} AND valid_from <= ${at} AND valid_until > ${at}`,
    )
    .join(' INTERSECT ');
  return {
    page: `SELECT ${COLUMNS.replace(/(\w+)/g, 'e.$1')} FROM (${keys} ORDER BY first_day, entry_id LIMIT ? OFFSET ?) p
      JOIN timeline_entry_versions e ON e.id = p.entry_id AND e.valid_from <= ${at} AND e.valid_until > ${at}
      ORDER BY e.first_day, e.id`,
    count: `SELECT COUNT(*) AS total FROM (${keys})`,
    params: tags.map(([, value]) => value),
  };
}

/** Entries with every tag, from the tag index (in date order), intersected; the wide rows for the page only. */
function byTags(
  tags: [kind: string, value: string][],
  also?: { where: string; params: unknown[] },
): RawQuery {
  const keys = tags
    .map(
      ([kind], i) =>
        `SELECT first_day, entry_id FROM timeline_entry_tags WHERE kind = '${kind}' AND value = ? AND ${ACTIVE}` +
        (i === 0 && also ? ` AND ${also.where}` : ''),
    )
    .join(' INTERSECT ');
  return {
    page: `SELECT ${COLUMNS.replace(/(\w+)/g, 'e.$1')} FROM (${keys} ORDER BY first_day, entry_id LIMIT ? OFFSET ?) p
      JOIN timeline_entries e ON e.id = p.entry_id ORDER BY e.first_day, e.id`,
    count: `SELECT COUNT(*) AS total FROM (${keys})`,
    params: [tags[0]![1], ...(also?.params ?? []), ...tags.slice(1).map(([, value]) => value)],
  };
}

/**
 * FTS5 MATCH among active entries (rowid > 0). FTS5 gives matches in sort-key order (by day): the
 * page is among those up to the end of the day of the match at offset + limit, looked up by sort
 * key; the count is FTS5's alone.
 */
function searched(match: string, table = 'timeline_search'): RawQuery {
  const matches = (bound: string) =>
    `SELECT rowid AS k FROM ${table} WHERE ${table} MATCH ? AND rowid > 0${bound}`;
  const day = 2 ** 31;
  const pageEnd = `SELECT (k / ${day} + 1) * ${day} FROM (${matches('')} ORDER BY 1 LIMIT 1 OFFSET ?)`;
  return {
    page: `SELECT ${COLUMNS.replace(/(\w+)/g, 'e.$1')} FROM (SELECT e.first_day, e.id
        FROM (${matches(` AND rowid < coalesce((${pageEnd}), 9223372036854775807)`)}) m
        CROSS JOIN timeline_entries e INDEXED BY timeline_entries_by_sort_key ON e.sort_key = m.k
        ORDER BY 1, 2 LIMIT ? OFFSET ?) p
      JOIN timeline_entries e ON e.id = p.id ORDER BY e.first_day, e.id`,
    count: `SELECT COUNT(*) AS total FROM (${matches('')})`,
    params: [match],
    pageParams: (limit, offset) => [match, match, offset + limit - 1, limit, offset],
  };
}

/** Terms in both search tables: their matches intersected once, probed in date order for the page. */
function searchedBoth(trigrams: string, grams: string): RawQuery {
  const matches = `SELECT rowid FROM timeline_search WHERE timeline_search MATCH ? AND rowid > 0
    INTERSECT SELECT rowid FROM timeline_search_grams WHERE timeline_search_grams MATCH ? AND rowid > 0`;
  return {
    ...byDate(`${ACTIVE} AND +sort_key IN (${matches})`, [trigrams, grams]),
    count: `SELECT COUNT(*) AS total FROM (${matches})`,
  };
}

/** The token of `timeline_search_grams` for a term of one or two characters, by hand. */
function gramToken(term: string): string {
  return `g${Array.from(term, (c) => c.codePointAt(0)!.toString(16)).join('x')}`;
}

/** A benchmark of a wrong answer is worthless: the product and every other answer (raw SQL, an in-memory model, the other database) must agree. */
function sameAnswer(name: string, product: Answer, others: Record<string, Answer>): Answer {
  for (const [label, other] of Object.entries(others)) {
    if (product.total !== other.total || product.ids.join() !== other.ids.join()) {
      throw new Error(
        `timeline bench ${name}: the product (total ${product.total}) and ${label} (total ${other.total}) disagree`,
      );
    }
  }
  return product;
}

/** Latencies of `runs` runs after `warmUp`; a slow query stops after its time budget (at least 20 runs). */
async function sample(runs: number, warmUp: number, work: () => unknown) {
  for (let i = 0; i < warmUp; i += 1) await work();
  (globalThis as { gc?: () => void }).gc?.();
  const ms: number[] = [];
  const budget = performance.now() + BUDGET_MS;
  for (let i = 0; i < runs && (i < MIN_RUNS || performance.now() < budget); i += 1) {
    const started = performance.now();
    await work();
    ms.push(performance.now() - started);
  }
  ms.sort((a, b) => a - b);
  const at = (p: number) => round(ms[Math.min(ms.length - 1, Math.ceil((p / 100) * ms.length) - 1)]!, 2);
  return { runs: ms.length, p50: at(50), p95: at(95), p99: at(99) };
}

function plan(db: BetterSqlite3.Database, sql: string, params: unknown[]): string[] {
  const rows = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[];
  return rows.map((r) => r.detail);
}

/** The entry as the read model will show it, for the in-memory model. */
function toView(command: Extract<EntryCommand, { kind: 'add' }>, event: StoredEvent): TimelineEntry {
  return {
    id: command.entryId,
    ...command.fields,
    places: command.fields.places ?? [],
    sources: citeSources([], command.sources),
    status: 'active',
    recordedAt: event.recordedAt,
    updatedAt: event.recordedAt,
    version: 1,
  };
}

// ---- Generated data: seeded, so every run fills the same timeline. ----

type Random = () => number;
type Language = 'en' | 'ru' | 'zh';
const LANGUAGES: Language[] = ['en', 'en', 'en', 'ru', 'ru', 'zh'];

/** mulberry32: small, fast, and good enough to spread test data. */
export function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const int = (random: Random, min: number, max: number) => min + Math.floor(random() * (max - min + 1));
export const pick = <T>(random: Random, list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

/** A Zipf-like pick: the first words of a list are much more common than the last. */
function zipf<T>(random: Random, list: readonly T[]): T {
  const index = Math.floor(list.length * random() ** 2.2);
  return list[Math.min(index, list.length - 1)]!;
}

function distinct<T>(random: Random, count: number, draw: (random: Random) => T): T[] {
  const picked = new Set<T>();
  for (let tries = 0; picked.size < count && tries < count * 20; tries += 1) picked.add(draw(random));
  return [...picked];
}

function shuffle<T>(random: Random, list: readonly T[]): T[] {
  const copy = [...list];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

function uuid(random: Random): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Dates across 1991–2026, denser in recent years, at every precision. */
function generateDate(random: Random): EntryFields['date'] {
  const year = Math.min(2026, 1991 + Math.floor(36 * Math.sqrt(random())));
  const month = year === 2026 ? int(random, 1, 6) : int(random, 1, 12);
  const day = int(random, 1, 28);
  const kind = random();
  if (kind < 0.45) return { start: `${year}-${pad(month)}-${pad(day)}`, precision: 'day' };
  if (kind < 0.7) return { start: `${year}-${pad(month)}`, precision: 'month' };
  if (kind < 0.85) return { start: `${year}`, precision: 'year' };
  if (kind < 0.95) {
    const months = int(random, 1, 36);
    const endYear = Math.min(2026, year + Math.floor((month - 1 + months) / 12));
    const endMonth =
      endYear === 2026 ? Math.min(6, ((month - 1 + months) % 12) + 1) : ((month - 1 + months) % 12) + 1;
    const end =
      endYear > year || endMonth > month
        ? `${endYear}-${pad(endMonth)}`
        : `${year}-${pad(month)}-${pad(day)}`;
    return { start: `${year}-${pad(month)}`, end, precision: 'range' };
  }
  return { start: `${year}-${pad(month)}`, precision: 'ongoing' };
}

const COUNTRY_WEIGHTS: [CountryCode, number][] = [
  ['CN', 30],
  ['KZ', 18],
  ['KG', 12],
  ['TJ', 12],
  ['UZ', 12],
  ['AF', 7],
  ['RU', 6],
  ['TM', 3],
];

function weighted<T>(random: Random, table: [T, number][]): T {
  let left = random() * table.reduce((sum, [, w]) => sum + w, 0);
  for (const [value, w] of table) {
    left -= w;
    if (left < 0) return value;
  }
  return table[table.length - 1]![0];
}

function sentence(
  random: Random,
  words: Vocabulary,
  language: Language,
  min: number,
  max: number,
  stop = true,
) {
  const picked = Array.from({ length: int(random, min, max) }, () => zipf(random, words[language]));
  if (language === 'zh') return `${picked.join('')}${stop ? '。' : ''}`;
  const text = picked.join(' ');
  return `${text[0]!.toUpperCase()}${text.slice(1)}${stop ? '.' : ''}`;
}

export function generateEntry(random: Random, words: Vocabulary): Extract<EntryCommand, { kind: 'add' }> {
  const language = pick(random, LANGUAGES);
  const other = pick(
    random,
    LANGUAGES.filter((l) => l !== language),
  );
  const summary = Array.from({ length: int(random, 2, 4) }, () => sentence(random, words, language, 8, 16));
  if (random() < 0.3) summary.push(sentence(random, words, other, 5, 10));
  const date = generateDate(random);
  const sources: SourceRef[] = Array.from({ length: int(random, 1, 2) }, (_, i) => ({
    id: `s${i + 1}`,
    title: sentence(random, words, random() < 0.6 ? language : other, 4, 10, false),
    publisher: pick(random, words.publishers),
    url: `https://news.example.org/${int(random, 1991, 2026)}/${uuid(random).slice(0, 8)}`,
    origin: { kind: 'feed', feedId: `feed-${int(random, 1, 40)}`, itemGuid: uuid(random) },
  }));
  return {
    kind: 'add',
    entryId: uuid(random),
    fields: {
      title: sentence(random, words, language, 4, 9, false),
      summary: summary.join(' '),
      date,
      countries: distinct(
        random,
        weighted(random, [
          [1, 35],
          [2, 35],
          [3, 20],
          [4, 10],
        ]),
        (r) => weighted(r, COUNTRY_WEIGHTS),
      ),
      actors: distinct(random, int(random, 0, 3), (r) => zipf(r, words.actors)),
      categories: distinct(
        random,
        weighted(random, [
          [1, 50],
          [2, 35],
          [3, 15],
        ]),
        (r) => zipf(r, CATEGORIES as readonly Category[]),
      ),
    },
    sources,
    origin: random() < 0.8 ? { kind: 'candidate', candidateId: uuid(random) } : { kind: 'manual' },
  };
}

interface Vocabulary {
  en: string[];
  ru: string[];
  zh: string[];
  actors: string[];
  publishers: string[];
  reviewers: string[];
}

export function vocabulary(): Vocabulary {
  const en = (
    'security border china cooperation military exercise joint agreement police training counter-terrorism ' +
    'ministry defence forces troops patrol region central asia minister visit signed talks summit bilateral ' +
    'investment railway pipeline gas oil energy loan infrastructure equipment drone surveillance cameras ' +
    'checkpoint crossing customs smuggling extremism separatism threat attack incident protest workers mine ' +
    'company private guards contractors embassy consulate delegation memorandum intelligence sharing data ' +
    'cyber network platform outpost base garrison mountain corridor wakhan pamir valley province capital ' +
    'officials announced reported according statement spokesman anniversary framework strategic partnership ' +
    'donated vehicles uniforms weapons ammunition armoured helicopters radar academy cadets scholarship ' +
    'officers exchange drills live-fire command headquarters brigade battalion special operations rapid ' +
    'reaction hostage rescue narcotics trafficking migrants refugees taliban islamist militants uyghur ' +
    'xinjiang kashgar khorgos dushanbe bishkek almaty astana tashkent ashgabat kabul moscow beijing urumqi'
  ).split(' ');
  const ru = (
    'безопасность граница сотрудничество учения китай военные совместные соглашение полиция подготовка ' +
    'министерство обороны войска патруль регион центральная азия министр визит подписали переговоры саммит ' +
    'инвестиции железная дорога газопровод нефть энергетика кредит инфраструктура оборудование беспилотник ' +
    'наблюдение камеры пограничный пункт таможня контрабанда экстремизм сепаратизм угроза нападение инцидент ' +
    'протест рабочие рудник компания охрана посольство делегация меморандум разведка обмен данные сеть ' +
    'застава база гарнизон горы коридор ваханский памир долина провинция столица официальные заявление ' +
    'годовщина стратегическое партнерство передал автомобили форма оружие боеприпасы вертолеты радар ' +
    'академия курсанты офицеры штаб бригада батальон спецназ заложники наркотики мигранты талибан боевики ' +
    'синьцзян душанбе бишкек алматы астана ташкент ашхабад кабул москва пекин границы пограничники'
  ).split(' ');
  const zh = (
    '安全 合作 边境 中国 军事 联合 演习 协议 警察 培训 反恐 国防部 部队 巡逻 地区 中亚 部长 访问 签署 会谈 峰会 ' +
    '双边 投资 铁路 管道 天然气 石油 能源 贷款 基础设施 装备 无人机 监控 摄像头 口岸 海关 走私 极端主义 分裂主义 ' +
    '威胁 袭击 事件 抗议 工人 矿山 公司 保安 使馆 代表团 备忘录 情报 共享 数据 网络 哨所 基地 山区 走廊 瓦罕 ' +
    '帕米尔 山谷 省 首都 官员 宣布 报道 声明 发言人 周年 框架 战略 伙伴关系 捐赠 车辆 制服 武器 弹药 直升机 ' +
    '雷达 学院 学员 奖学金 军官 交流 指挥部 旅 营 特种部队 人质 毒品 贩运 移民 塔利班 武装分子 新疆 喀什 霍尔果斯 ' +
    '杜尚别 比什凯克 阿拉木图 阿斯塔纳 塔什干 阿什哈巴德 喀布尔 莫斯科 北京 乌鲁木齐 上合组织 一带一路 亚洲'
  ).split(' ');
  const institutions = [
    'Ministry of Defence',
    'Ministry of Internal Affairs',
    'Border Service',
    'National Security Committee',
    'National Guard',
    'General Staff',
    'Drug Control Agency',
    'Emergency Situations Ministry',
    'Customs Service',
    'Security Council',
  ];
  const countries = [
    'Kazakhstan',
    'Kyrgyzstan',
    'Tajikistan',
    'Turkmenistan',
    'Uzbekistan',
    'Afghanistan',
    'Russia',
  ];
  const named = [
    "People's Armed Police",
    "People's Liberation Army",
    'Ministry of Public Security',
    'Ministry of State Security',
    'Xinjiang Military District',
    'Western Theater Command',
    'Xinjiang Production and Construction Corps',
    'SCO RATS',
    'CSTO',
    'Frontier Services Group',
    'China Security Technology Group',
    'Dewe Security',
    'Zhongjun Junhong',
    'China Overseas Security Group',
    'CNPC',
    'Sinopec',
    'China Railway Group',
    'Huawei',
    'Hikvision',
    'Dahua',
    'Wang Yi',
    'Xi Jinping',
    'Li Qiang',
    'Zhao Kezhi',
    'Wei Fenghe',
    'Dong Jun',
    'Kassym-Jomart Tokayev',
    'Nursultan Nazarbayev',
    'Emomali Rahmon',
    'Shavkat Mirziyoyev',
    'Sadyr Japarov',
    'Serdar Berdimuhamedow',
    'Islam Karimov',
    'Almazbek Atambayev',
    'Сергей Шойгу',
    'Владимир Путин',
    'Сергей Лавров',
    'Николай Патрушев',
    'ОДКБ',
    'ФСБ России',
    'ГКНБ Кыргызстана',
    'КНБ Казахстана',
    'Пограничная служба Таджикистана',
    'СГБ Узбекистана',
    '王毅',
    '习近平',
    '公安部',
    '中国人民武装警察部队',
    '新疆生产建设兵团',
    '中国石油天然气集团',
    '上海合作组织地区反恐怖机构',
    '中信国际安保',
    '华信中安',
    '德威集团',
  ];
  const actors = [...named, ...countries.flatMap((c) => institutions.map((i) => `${i} of ${c}`))];
  return {
    en,
    ru,
    zh,
    actors: shuffle(mulberry32(7), actors).slice(0, 200),
    publishers: [
      'Xinhua',
      '新华社',
      'TASS',
      'ТАСС',
      'RFE/RL',
      'Eurasianet',
      'Kazinform',
      'AKIpress',
      'Asia-Plus',
      'Kun.uz',
      'Global Times',
      'The Diplomat',
      'Reuters',
      'Фергана',
      '环球时报',
    ],
    reviewers: ['reviewer:aigerim', 'reviewer:lena', 'reviewer:wei', 'reviewer:timur'],
  };
}
