import { inChunks, insertRows, join, MAX_PARAMS, sql, where } from '@app/database';

import { createTestContext, DATABASE_KINDS, type TestContext } from '../support';

// Statements built from parts run the same on both databases: lists, optional conditions, and
// multi-row inserts larger than one statement may bind.
describe.each(DATABASE_KINDS)('built SQL statements (%s)', (kind) => {
  let ctx: TestContext;

  beforeAll(async () => {
    ctx = await createTestContext(kind);
    await ctx.database.execute(
      'CREATE TABLE sql_statements_probe (id INTEGER PRIMARY KEY, label TEXT, n INTEGER)',
    );
  });
  afterAll(async () => {
    await ctx.close();
  });

  it('inserts more rows than one statement can bind, then reads them back by list and conditions', async () => {
    const count = Math.ceil(MAX_PARAMS / 3) * 2 + 7; // three statements' worth
    const rows = Array.from({ length: count }, (_, i) => [i, `label ${i} 'quoted' $1`, i % 5]);
    expect(inChunks(rows, 3)).toHaveLength(3);

    const inserted = await ctx.database.transaction((tx) =>
      insertRows(tx, 'sql_statements_probe', 'id, label, n', rows),
    );
    expect(inserted).toBe(count);

    const again = await ctx.database.transaction((tx) =>
      insertRows(
        tx,
        'sql_statements_probe',
        'id, label, n',
        rows.slice(0, 10),
        sql`ON CONFLICT (id) DO NOTHING`,
      ),
    );
    expect(again).toBe(0);

    const picked = await ctx.database.query<{ id: number | string; label: string }>(
      sql`SELECT id, label FROM sql_statements_probe ${where([sql`id IN (${join([3, 4, 5, 6])})`, sql`n >= ${4}`])} ORDER BY id`,
    );
    expect(picked.map((row) => [Number(row.id), row.label])).toEqual([[4, "label 4 'quoted' $1"]]);

    const [all] = await ctx.database.query<{ total: number | string }>(
      sql`SELECT COUNT(*) AS total FROM sql_statements_probe ${where([])}`,
    );
    expect(Number(all!.total)).toBe(count);
  });
});
