import { empty, join, raw, sql, type Statement, where } from '@app/database';

import { searchTerms, type TimelineFilter, type TimelineSort } from './timeline-filter';
import { ENTRY_COLUMNS, gramToken, searchMatches, SORT_KEYS_PER_DAY } from './timeline-rows';

/**
 * The SQL of the timeline's reads, built from a filter. A page is one statement that walks narrow
 * indexes in timeline order and reads wide rows only for the page (issue 3); which indexes it
 * walks is its strategy:
 * - `searchLedPage`: the search index alone, in sort-key order, when the filter is only text;
 * - `tagLedKeys`: the tag index, one SELECT per field, intersected, when the filter names tags;
 * - `dateLedKeys`: the index of active entries by date, otherwise.
 * Tag- and date-led keys read the present, or the versions that held at a past log position
 * (`ReadModel`); text is looked up once in the search index (`matchesOf`) and probed from either.
 */

export type Dialect = 'sqlite' | 'postgres';

export interface Page {
  limit: number;
  offset: number;
}

/** What every strategy needs to know about the question. */
interface Question {
  dialect: Dialect;
  filter: TimelineFilter;
  model: ReadModel;
  /** Retracted entries left out (the default). */
  active: boolean;
  terms: string[];
}

/** (first_day, id[, recorded_at]) of every matching entry, the statement's WITH clause, and their count. */
interface Keys {
  withClause: Statement;
  keys: Statement;
  count: Statement;
}

/** One page of entries in the filter's order, each row with the total; the log position `at` for "as of". */
export function pageStatement(dialect: Dialect, filter: TimelineFilter, page: Page, at?: number): Statement {
  const question = questionOf(dialect, filter, at);
  const sort = filter.sort ?? 'date';
  if (searchLeads(question, sort)) {
    return dialect === 'sqlite' ? searchLedPage(question, page) : postgresSearchLedPage(question, page);
  }
  return pageOf(question, page, sort, keysOf(question, sort === 'recorded-desc'));
}

/**
 * Each value of the tag `kind` with how many matching entries carry it (`value`, `n`). Without any
 * other filter, straight from the tag index; otherwise among the keys of the page's strategy.
 */
export function facetStatement(
  dialect: Dialect,
  kind: string,
  filter: TimelineFilter,
  at?: number,
): Statement {
  const question = questionOf(dialect, filter, at);
  const { model } = question;
  const conditions = [
    sql`t.kind = ${kind}`,
    ...(question.active ? [sql`t.status = 'active'`] : []),
    ...optional(holding(model, 't.')),
  ];
  if (!filter.q && !hasTagOrDate(filter)) {
    return sql`SELECT t.value, COUNT(*) AS n FROM ${model.tags} t ${where(conditions)} GROUP BY t.value`;
  }
  const { withClause, keys } = keysOf(question, false);
  return sql`${withClause} SELECT t.value, COUNT(*) AS n FROM ${model.tags} t
    ${where([...conditions, sql`t.entry_id IN (SELECT id FROM (${keys}) f)`])} GROUP BY t.value`;
}

/** The tag filters, by the tag kind each is stored under. */
export const TAG_FIELDS = [
  ['actor', 'actors'],
  ['category', 'categories'],
  ['country', 'countries'],
  ['place', 'places'],
] as const;

function questionOf(dialect: Dialect, filter: TimelineFilter, at?: number): Question {
  return {
    dialect,
    filter,
    model: readModel(at),
    active: !filter.includeRetracted,
    terms: searchTerms(filter.q),
  };
}

/**
 * The page of `keys` in the sort's order, joined to the wide rows of its entries only, with the total.
 * SQLite would rather scan every version in date order than look each of the page's up by id:
 * CROSS JOIN keeps the page as the outer loop.
 */
function pageOf(
  question: Question,
  page: Page,
  sort: TimelineSort,
  { withClause, keys, count }: Keys,
): Statement {
  const { model } = question;
  const pageJoin = raw(question.dialect === 'sqlite' && model.at !== undefined ? 'CROSS JOIN' : 'JOIN');
  const valid = holding(model, 'e.');
  return sql`${withClause} SELECT ${PREFIXED_COLUMNS}, (${count}) AS total
    FROM (${keys} ORDER BY ${orderBy(sort, '')} LIMIT ${page.limit} OFFSET ${page.offset}) p
    ${pageJoin} ${model.entries} e ON e.id = p.id${valid ? sql` AND ${valid}` : empty}
    ORDER BY ${orderBy(sort, 'e.')}`;
}

function keysOf(question: Question, withRecordedAt: boolean): Keys {
  return tagFilters(question.filter).length > 0
    ? tagLedKeys(question, withRecordedAt)
    : dateLedKeys(question, withRecordedAt);
}

/**
 * Search-led, chosen for the present in date order when the filter is text alone (on SQLite, all of
 * it in one search table, no phrase): FTS5 returns matches in sort-key order, which is timeline
 * order but for the order of entries within a day, so the page lies among the matches up to the end
 * of the day of the match at offset + limit, and only those are looked up (by sort key, from a
 * narrow index); the total is FTS5's count of them all. No "as of" variant: FTS5 indexes the present.
 */
function searchLeads(question: Question, sort: TimelineSort): boolean {
  const { dialect, model, terms, filter } = question;
  if (terms.length === 0 || model.at !== undefined || sort !== 'date' || hasTagOrDate(filter)) return false;
  if (dialect === 'postgres') return true;
  if (terms.some((term) => term.includes(' '))) return false;
  const { trigrams, grams } = searchMatches(indexTerms(terms));
  return Boolean(trigrams) !== Boolean(grams);
}

function searchLedPage(question: Question, page: Page): Statement {
  const { trigrams, grams } = searchMatches(indexTerms(question.terms));
  const table = raw(trigrams ? 'timeline_search' : 'timeline_search_grams');
  const match = trigrams ?? grams!;
  // Retracted entries are keyed by minus their sort key (see searchKey).
  const matches = (bound?: Statement) =>
    join(
      [
        sql`SELECT rowid AS k FROM ${table} WHERE ${table} MATCH ${match} AND rowid > 0${bound ? sql` AND rowid < ${bound}` : empty}`,
        ...(question.active
          ? []
          : [
              sql`SELECT -rowid FROM ${table} WHERE ${table} MATCH ${match} AND rowid < 0${bound ? sql` AND rowid > -${bound}` : empty}`,
            ]),
      ],
      ' UNION ALL ',
    );
  const last = Math.max(0, page.offset + page.limit - 1);
  const withClause = sql`WITH page_end (k) AS (${matches()} ORDER BY 1 LIMIT 1 OFFSET ${last})`;
  const bound = sql`coalesce((SELECT (k / ${DAY} + 1) * ${DAY} FROM page_end), ${MAX_KEY})`;
  const keys = sql`SELECT e.first_day, e.id FROM (${matches(bound)}) m
    CROSS JOIN timeline_entries e INDEXED BY timeline_entries_by_sort_key ON e.sort_key = m.k`;
  const count = sql`SELECT COUNT(*) FROM ${table} WHERE ${table} MATCH ${match}${question.active ? sql` AND rowid > 0` : empty}`;
  return pageOf(question, page, 'date', { withClause, keys, count });
}

/**
 * Search-led on PostgreSQL, for the same questions as on SQLite (phrases too): the matches, sorted
 * by sort key, bound the page as FTS5's order does (see `searchLeads`), so only the matches up to
 * the end of the day of the one at offset + limit are looked up, by sort key, not every match.
 */
function postgresSearchLedPage(question: Question, page: Page): Statement {
  const last = Math.max(0, page.offset + page.limit - 1);
  const withClause = sql`WITH matches (k) AS MATERIALIZED (${postgresMatches(question)}),
    page_end (k) AS (SELECT k FROM matches ORDER BY 1 LIMIT 1 OFFSET ${last})`;
  const bound = sql`coalesce((SELECT (k / ${DAY} + 1) * ${DAY} FROM page_end), ${MAX_KEY})`;
  const keys = sql`SELECT first_day, id FROM timeline_entries
    WHERE sort_key IN (SELECT k FROM matches WHERE k < ${bound})`;
  return pageOf(question, page, 'date', { withClause, keys, count: sql`SELECT COUNT(*) FROM matches` });
}

/**
 * Tag-led, chosen when the filter names a country, category, actor or place: the keys come from
 * the tag index, one SELECT per field, intersected. Compound SELECTs group from the left: (first
 * field's values, united) ∩ second field ∩ third. The first field, with the fewest values, carries
 * the date and text conditions, and is one SELECT per value, so that SQLite merges them in index
 * order instead of sorting them all. "As of" reads the version tags that held then.
 */
function tagLedKeys(question: Question, withRecordedAt: boolean): Keys {
  const { model } = question;
  const matches = matchesOf(question);
  const [first, ...others] = [...tagFilters(question.filter)].sort(
    (a, b) => a.values.length - b.values.length,
  );
  const select = (kind: string, values: readonly string[], extra: Statement[] = []) =>
    sql`SELECT first_day, entry_id AS id FROM ${model.tags} ${where([
      sql`kind = ${kind}`,
      values.length === 1 ? sql`value = ${values[0]}` : sql`value IN (${join(values, ', ')})`,
      ...statusOf(question),
      ...extra,
    ])}`;
  const firstConditions = [
    ...dateConditions(question.filter),
    ...(matches ? [inMatches(question, 'entry_sort_key')] : []),
  ];
  const tagKeys = join(
    [
      join(
        first!.values.map((value) => select(first!.kind, [value], firstConditions)),
        ' UNION ',
      ),
      ...others.map(({ kind, values }) => select(kind, values)),
    ],
    ' INTERSECT ',
  );
  const valid = holding(model, 'r.');
  const keys = withRecordedAt
    ? sql`SELECT * FROM (SELECT k.first_day, k.id, r.recorded_at FROM (${tagKeys}) k
        JOIN ${model.entries} r ON r.id = k.id${valid ? sql` AND ${valid}` : empty}) w`
    : tagKeys;
  return { withClause: withMatches(matches), keys, count: sql`SELECT COUNT(*) FROM (${tagKeys}) k` };
}

/**
 * Date-led, chosen when the filter names no tag: the keys come from the index of active entries by
 * date (of the versions, "as of"), text probing the matches. The count is the cheapest that is
 * exact: the matches' own with text alone; "as of" with no other filter, the active versions begun
 * by then less those ended by then (two index range counts).
 */
function dateLedKeys(question: Question, withRecordedAt: boolean): Keys {
  const { model } = question;
  const matches = matchesOf(question);
  const dates = dateConditions(question.filter);
  const conditions = [...statusOf(question), ...dates, ...(matches ? [inMatches(question, 'sort_key')] : [])];
  const count =
    matches && dates.length === 0
      ? sql`SELECT COUNT(*) FROM matches`
      : model.at !== undefined && question.active && dates.length === 0
        ? sql`SELECT (SELECT COUNT(*) FROM ${model.entries} WHERE status = 'active' AND valid_from <= ${model.at})
            - (SELECT COUNT(*) FROM ${model.entries} WHERE status = 'active' AND valid_until <= ${model.at})`
        : sql`SELECT COUNT(*) FROM ${model.entries} ${where(conditions)}`;
  const columns = raw(withRecordedAt ? 'first_day, id, recorded_at' : 'first_day, id');
  return {
    withClause: withMatches(matches),
    keys: sql`SELECT ${columns} FROM ${model.entries} ${where(conditions)}`,
    count,
  };
}

/**
 * A SELECT of the sort keys of the entries that contain every term (none without terms), from the
 * search index: FTS5 on SQLite, pg_trgm and the grams' GIN index on PostgreSQL.
 */
function matchesOf(question: Question): Statement | undefined {
  if (question.terms.length === 0) return undefined;
  if (question.dialect === 'postgres') return postgresMatches(question);
  if (question.model.at !== undefined) {
    // The FTS5 tables index the present only: a past version's text is read from its row.
    return sql`SELECT sort_key FROM ${question.model.entries} ${where([
      ...statusOf(question),
      ...question.terms.map((term) => sql`instr(search_text, ${term}) > 0`),
    ])}`;
  }
  return sqliteMatches(question);
}

/**
 * In the present, a term without whitespace is looked up in indexes alone: one or two characters
 * in the grams' GIN index, longer ones among the words of the vocabulary (pg_trgm's index, on short
 * rows) and then in the words' GIN index (see TimelineSearchWordsPostgres1795308100000). Phrases, and
 * the versions of "as of", match the text itself through pg_trgm's index. Each gives exactly the
 * rows whose text contains the term.
 */
function postgresMatches(question: Question): Statement {
  const present = question.model.at === undefined;
  const like = (term: string) => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const condition = (term: string) => {
    if (!present || /\s/.test(term)) return sql`search_text LIKE ${like(term)} ESCAPE '\\'`;
    if (Array.from(term).length < 3) return sql`search_grams @> ARRAY[${gramToken(term)}]::text[]`;
    return sql`search_words && ARRAY(SELECT word FROM timeline_search_vocabulary
      WHERE word LIKE ${like(term)} ESCAPE '\\')`;
  };
  return sql`SELECT sort_key FROM ${question.model.entries} ${where([
    ...statusOf(question),
    ...question.terms.map(condition),
  ])}`;
}

/**
 * The FTS5 tables' matches, intersected. Search rows are keyed by sort key, negated for retracted
 * entries (see searchKey). A quoted phrase is looked up by its words and then checked whole in the
 * entry's search text.
 */
function sqliteMatches(question: Question): Statement {
  const [key, range] = question.active ? [raw('rowid'), sql` AND rowid > 0`] : [raw('abs(rowid)'), empty];
  const { trigrams, grams } = searchMatches(indexTerms(question.terms));
  const tables: Array<[string, string]> = [
    ...(trigrams ? [['timeline_search', trigrams] as [string, string]] : []),
    ...(grams ? [['timeline_search_grams', grams] as [string, string]] : []),
  ];
  const indexed = join(
    tables.map(
      ([table, match]) =>
        sql`SELECT ${key} AS k FROM ${raw(table)} WHERE ${raw(table)} MATCH ${match}${range}`,
    ),
    ' INTERSECT ',
  );
  const phrases = question.terms.filter((term) => term.includes(' '));
  if (phrases.length === 0) return indexed;
  return sql`SELECT x.sort_key FROM (${indexed}) i JOIN timeline_entries x ON x.sort_key = i.k
    WHERE ${join(
      phrases.map((phrase) => sql`instr(x.search_text, ${phrase}) > 0`),
      ' AND ',
    )}`;
}

function withMatches(matches: Statement | undefined): Statement {
  return matches ? sql`WITH matches (k) AS MATERIALIZED (${matches})` : empty;
}

/**
 * On SQLite, `+` keeps the planner from looking entries up by key from `matches` and sorting them
 * all: the date order of a narrow index, probing `matches`, finds the first page sooner.
 */
function inMatches(question: Question, column: string): Statement {
  return sql`${raw(question.dialect === 'sqlite' ? '+' : '')}${raw(column)} IN (SELECT k FROM matches)`;
}

function statusOf(question: Question): Statement[] {
  return [...(question.active ? [sql`status = 'active'`] : []), ...optional(holding(question.model, ''))];
}

function dateConditions(filter: TimelineFilter): Statement[] {
  return [
    ...(filter.from ? [sql`last_day_exclusive > ${filter.from}`] : []),
    ...(filter.toExclusive ? [sql`first_day < ${filter.toExclusive}`] : []),
  ];
}

/**
 * Where a query reads: the present (`timeline_entries` and its tags), or the versions that held at
 * log position `at` (`valid_from <= at < valid_until`, see TimelineVersions1795307110000).
 */
interface ReadModel {
  entries: Statement;
  tags: Statement;
  at?: number;
}

function readModel(at: number | undefined): ReadModel {
  if (at === undefined) return { entries: raw('timeline_entries'), tags: raw('timeline_entry_tags') };
  return { entries: raw('timeline_entry_versions'), tags: raw('timeline_entry_version_tags'), at };
}

/** The condition that picks the version holding at the model's position, on columns of this table prefix. */
function holding(model: ReadModel, prefix: string): Statement | undefined {
  if (model.at === undefined) return undefined;
  const p = raw(prefix);
  return sql`${p}valid_from <= ${model.at} AND ${p}valid_until > ${model.at}`;
}

function optional(condition: Statement | undefined): Statement[] {
  return condition ? [condition] : [];
}

/** The words of the terms, each once: what the SQLite index can look up (phrases are checked whole after). */
function indexTerms(terms: readonly string[]): string[] {
  return [...new Set(terms.flatMap((term) => term.split(' ')))];
}

function tagFilters(filter: TimelineFilter): Array<{ kind: string; values: string[] }> {
  return TAG_FIELDS.flatMap(([kind, field]) => {
    const values = filter[field];
    return values && values.length > 0 ? [{ kind, values }] : [];
  });
}

function hasTagOrDate(filter: TimelineFilter): boolean {
  return tagFilters(filter).length > 0 || Boolean(filter.from) || Boolean(filter.toExclusive);
}

/** The ORDER BY of each sort, on columns of the given table prefix; ids break ties. */
function orderBy(sort: TimelineSort, prefix: string): Statement {
  const p = prefix;
  const columns: Record<TimelineSort, string> = {
    date: `${p}first_day, ${p}id`,
    'date-desc': `${p}first_day DESC, ${p}id DESC`,
    'recorded-desc': `${p}recorded_at DESC, ${p}id DESC`,
  };
  return raw(columns[sort]);
}

/** Sort keys of one day: written into the statement, so the planner sees the arithmetic. */
const DAY = raw(String(SORT_KEYS_PER_DAY));

/** Larger than any sort key. */
const MAX_KEY = raw('9223372036854775807');

const PREFIXED_COLUMNS = raw(
  ENTRY_COLUMNS.split(', ')
    .map((column) => `e.${column}`)
    .join(', '),
);
