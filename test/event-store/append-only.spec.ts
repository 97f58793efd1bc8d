import { GENESIS_HASH } from '@app/event-store';

import { createTestContext, DATABASE_KINDS, type TestContext } from '../support';

describe.each(DATABASE_KINDS)('the database refuses to change the log (%s)', (kind) => {
  let ctx: TestContext;
  // Straight to the database, as someone with a SQL prompt would, past the event store.
  const raw = (sql: string) => ctx.database.dataSource.query<Array<Record<string, string>>>(sql);

  beforeEach(async () => {
    ctx = await createTestContext(kind);
    await ctx.events.append('note-a', 0, [
      { type: 'NoteTaken', data: { text: 'one' } },
      { type: 'NoteTaken', data: { text: 'two' } },
    ]);
  });
  afterEach(async () => {
    await ctx.close();
  });

  const count = async () => Number((await raw('SELECT COUNT(*) AS n FROM events'))[0]!.n);
  const textAt = async (position: number) => {
    const [row] = await ctx.database.query<{ data: unknown }>('SELECT data FROM events WHERE position = $1', [
      position,
    ]);
    const data = (typeof row!.data === 'string' ? JSON.parse(row!.data) : row!.data) as { text: string };
    return data.text;
  };

  it('refuses UPDATE', async () => {
    await expect(raw(`UPDATE events SET type = 'Forged' WHERE position = 1`)).rejects.toThrow(/append-only/);
    expect(await textAt(1)).toBe('one');
  });

  it('refuses DELETE', async () => {
    await expect(raw('DELETE FROM events WHERE position = 2')).rejects.toThrow(/append-only/);
    expect(await count()).toBe(2);
  });

  it('refuses an insert that would replace or skip', async () => {
    const first = (await raw('SELECT * FROM events WHERE position = 1'))[0]!;
    const firstId = String(first.event_id);
    const columns =
      'position, event_id, stream_id, stream_version, type, schema_version, data, metadata, recorded_at, prev_hash, hash';
    const row = (position: number, eventId: string, version: number, prevHash: string) =>
      `(${position}, '${eventId}', 'note-a', ${version}, 'NoteTaken', 1, '{"text":"forged"}', '{}', '${first.recorded_at}', '${prevHash}', 'x')`;
    const replace =
      kind === 'sqlite'
        ? `INSERT OR REPLACE INTO events (${columns}) VALUES ${row(1, firstId, 1, GENESIS_HASH)}`
        : `INSERT INTO events (${columns}) VALUES ${row(1, firstId, 1, GENESIS_HASH)}
           ON CONFLICT (position) DO UPDATE SET data = excluded.data`;
    await expect(raw(replace)).rejects.toThrow(/append-only/);
    // A gap in positions, or a stream version out of turn, is refused too.
    await expect(raw(`INSERT INTO events (${columns}) VALUES ${row(9, 'gap', 3, 'x')}`)).rejects.toThrow(
      /append-only/,
    );
    expect(await count()).toBe(2);
    expect(await textAt(1)).toBe('one');
  });

  if (kind === 'postgres') {
    it('refuses TRUNCATE', async () => {
      await expect(raw('TRUNCATE events')).rejects.toThrow(/append-only/);
      expect(await count()).toBe(2);
    });
  }
});
