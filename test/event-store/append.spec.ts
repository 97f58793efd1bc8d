import { EventStoreError, type NewEvent, UpcasterRegistry } from '@app/event-store';

import { createTestContext, DATABASE_KINDS, type TestContext } from '../support';

const note = (text: string, eventId?: string): NewEvent => ({ type: 'NoteTaken', data: { text }, eventId });

describe.each(DATABASE_KINDS)('event store appends (%s)', (kind) => {
  let ctx: TestContext;

  beforeEach(async () => {
    ctx = await createTestContext(kind);
  });
  afterEach(async () => {
    await ctx.close();
  });

  const positions = async () =>
    (
      await ctx.database.query<{ position: number | string }>('SELECT position FROM events ORDER BY position')
    ).map((row) => Number(row.position));

  it('gives events positions 1..N and stream versions 1..n, with their metadata and a linked hash', async () => {
    const first = await ctx.events.append('note-a', 0, [note('one'), note('two')]);
    const second = await ctx.events.append('note-b', 0, [
      { ...note('three'), metadata: { actor: 'key:k1', correlationId: 'c-1' } },
    ]);

    expect(first.events.map((e) => [e.position, e.streamVersion])).toEqual([
      [1, 1],
      [2, 2],
    ]);
    expect(second.events[0]).toMatchObject({ position: 3, streamVersion: 1, metadata: { actor: 'key:k1' } });
    expect(second.events[0]!.prevHash).toBe(first.events[1]!.hash);
    expect(await ctx.events.readStream('note-a')).toHaveLength(2);
    expect((await ctx.events.readAll(1)).map((e) => e.data)).toEqual([{ text: 'two' }, { text: 'three' }]);
  });

  it('refuses an append whose expected version is stale, and writes nothing', async () => {
    await ctx.events.append('note-a', 0, [note('one')]);

    const stale = ctx.events.append('note-a', 0, [note('again')]);

    await expect(stale).rejects.toMatchObject({
      code: 'STREAM_VERSION_CONFLICT',
      details: { streamId: 'note-a', expectedVersion: 0, actualVersion: 1 },
    });
    expect(await positions()).toEqual([1]);
  });

  it('appends to several streams atomically: one conflict and none is written', async () => {
    await ctx.events.append('note-b', 0, [note('b1')]);

    const both = ctx.events.appendToStreams([
      { streamId: 'note-a', expectedVersion: 0, events: [note('a1')] },
      { streamId: 'note-b', expectedVersion: 0, events: [note('b2')] },
    ]);

    await expect(both).rejects.toBeInstanceOf(EventStoreError);
    expect(await ctx.events.readStream('note-a')).toEqual([]);
    expect(await positions()).toEqual([1]);

    const ok = await ctx.events.appendToStreams([
      { streamId: 'note-a', expectedVersion: 0, events: [note('a1')] },
      { streamId: 'note-b', expectedVersion: 1, events: [note('b2')] },
    ]);
    expect(ok.events.map((e) => [e.streamId, e.position])).toEqual([
      ['note-a', 2],
      ['note-b', 3],
    ]);
  });

  it('is idempotent by event id: a retried append returns the stored result and appends nothing', async () => {
    const first = await ctx.events.append('note-a', 0, [note('one', 'evt-1'), note('two', 'evt-2')]);

    // The retry carries the same ids and the now-stale expected version, as a client retry would.
    const retry = await ctx.events.append('note-a', 0, [note('one', 'evt-1'), note('two', 'evt-2')]);

    expect(retry.replayed).toBe(true);
    expect(retry.events.map((e) => e.hash)).toEqual(first.events.map((e) => e.hash));
    expect(await positions()).toEqual([1, 2]);
  });

  it('refuses a retry that mixes stored and new event ids', async () => {
    await ctx.events.append('note-a', 0, [note('one', 'evt-1')]);

    await expect(
      ctx.events.append('note-a', 1, [note('one', 'evt-1'), note('new', 'evt-9')]),
    ).rejects.toMatchObject({
      code: 'IDEMPOTENCY_MISMATCH',
    });
    expect(await positions()).toEqual([1]);
  });

  it('rejects malformed appends with a reason', async () => {
    await expect(ctx.events.append('', 0, [note('x')])).rejects.toMatchObject({ code: 'INVALID_APPEND' });
    await expect(ctx.events.append('note-a', 0, [])).rejects.toMatchObject({ code: 'INVALID_APPEND' });
    await expect(ctx.events.append('note-a', -1, [note('x')])).rejects.toMatchObject({
      code: 'INVALID_APPEND',
    });
    await expect(ctx.events.append('note-a', 0, [{ type: 'Bad type!', data: {} }])).rejects.toMatchObject({
      code: 'INVALID_APPEND',
      message: expect.stringContaining('event type') as string,
    });
    await expect(
      ctx.events.append('note-a', 0, [{ type: 'NoteTaken', data: [] as unknown as Record<string, never> }]),
    ).rejects.toMatchObject({ code: 'INVALID_APPEND' });
    expect(await positions()).toEqual([]);
  });

  it('keeps a total order under many concurrent appends in one process', async () => {
    const streams = Array.from({ length: 10 }, (_, i) => `note-${i}`);
    const results = await Promise.allSettled(
      Array.from({ length: 200 }, (_, i) =>
        ctx.events.append(streams[i % streams.length]!, 'any', [note(`n${i}`), note(`m${i}`)]),
      ),
    );

    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(await positions()).toEqual(Array.from({ length: 400 }, (_, i) => i + 1));
    for (const stream of streams) {
      const versions = (await ctx.events.readStream(stream)).map((e) => e.streamVersion);
      expect(versions).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    }
  });

  it('lets exactly one of many concurrent writers with the same expected version win', async () => {
    await ctx.events.append('note-a', 0, [note('base')]);

    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => ctx.events.append('note-a', 1, [note(`contender ${i}`)])),
    );

    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(19);
    for (const r of lost) expect(r.reason).toMatchObject({ code: 'STREAM_VERSION_CONFLICT' });
    expect(await ctx.events.streamVersion('note-a')).toBe(2);
  });

  it('records time that never goes backwards, and finds the log as it stood at a past moment', async () => {
    ctx.clock.set('2026-03-01T10:00:00.000Z');
    await ctx.events.append('note-a', 0, [note('march')]);
    ctx.clock.set('2026-04-01T10:00:00.000Z');
    await ctx.events.append('note-a', 1, [note('april')]);
    ctx.clock.set('2026-02-01T10:00:00.000Z'); // a clock stepped back
    const late = await ctx.events.append('note-a', 2, [note('after the step')]);

    expect(late.events[0]!.recordedAt).toBe('2026-04-01T10:00:00.000Z');
    expect(await ctx.events.positionAt(new Date('2026-02-15T00:00:00Z'))).toBe(0);
    expect(await ctx.events.positionAt(new Date('2026-03-15T00:00:00Z'))).toBe(1);
    expect(await ctx.events.positionAt(new Date('2026-05-01T00:00:00Z'))).toBe(3);
  });

  it('upcasts a stored old event on read and never rewrites it', async () => {
    // As an older release wrote it: v1 had one free-text "place".
    await ctx.events.append('visit-1', 0, [
      { type: 'VisitMade', schemaVersion: 1, data: { place: 'Tashkent, UZ' } },
    ]);
    const upcasters = ctx.app.get(UpcasterRegistry);
    upcasters.register({
      type: 'VisitMade',
      fromVersion: 1,
      upcast: (data) => {
        const [city, country] = String(data.place).split(', ');
        return { city, country };
      },
    });

    const [read] = await ctx.events.readStream('visit-1');
    const [raw] = await ctx.database.query<{ schema_version: number; data: unknown }>(
      'SELECT schema_version, data FROM events WHERE stream_id = $1',
      ['visit-1'],
    );

    expect(read).toMatchObject({ schemaVersion: 2, data: { city: 'Tashkent', country: 'UZ' } });
    expect(Number(raw!.schema_version)).toBe(1);
    expect(typeof raw!.data === 'string' ? JSON.parse(raw!.data) : raw!.data).toEqual({
      place: 'Tashkent, UZ',
    });
    // New events of the type are written at the newest version.
    const fresh = await ctx.events.append('visit-2', 0, [
      { type: 'VisitMade', data: { city: 'Astana', country: 'KZ' } },
    ]);
    expect(fresh.events[0]!.schemaVersion).toBe(2);
  });
});
