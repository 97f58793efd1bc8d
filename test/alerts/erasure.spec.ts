import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';

import {
  AlertsModule,
  ERASED,
  SubscriptionSecrets,
  SubscriptionService,
  UnsubscribeTokens,
} from '@app/alerts';
import { LogVerifier, Projector } from '@app/event-store';
import { sealLegacyPersonalData } from '../../migrations/1795307300000-personal-data';
import { TimelineModule, TimelineService } from '@app/timeline';

import { createTestContext, DATABASE_KINDS, TEST_POSTGRES_URL, type TestContext } from '../support';
import { addEntry } from './alerts-fixture';

/**
 * Crypto-shredding (DESIGN.md section 8, issue 14): personal data goes into the log sealed under a
 * key of its subscription's own; erasing deletes the key and every operational copy, and afterwards
 * the bytes of the database (SQLite file and WAL, or a pg_dump) hold no trace of it, while the
 * chain still verifies and the timeline and a rebuild are unchanged.
 */
describe.each(DATABASE_KINDS)('erasing a subscriber (%s)', (kind) => {
  let ctx: TestContext;
  let subscriptions: SubscriptionService;
  const admin = { actor: 'key:admin' };

  beforeEach(async () => {
    ctx = await createTestContext(kind, { features: [TimelineModule, AlertsModule] });
    subscriptions = ctx.app.get(SubscriptionService);
  });
  afterEach(async () => {
    await ctx.close();
  });

  /** Every byte the database keeps: the SQLite file with its WAL and shared memory, or a full dump. */
  function databaseBytes(): Buffer {
    if (ctx.config.database.kind === 'sqlite') {
      const path = ctx.config.database.path;
      return Buffer.concat(
        [path, `${path}-wal`, `${path}-shm`, `${path}-journal`]
          .filter((file) => existsSync(file))
          .map((file) => readFileSync(file)),
      );
    }
    return execFileSync(
      'pg_dump',
      ['--no-owner', '--schema', ctx.config.database.schema, TEST_POSTGRES_URL],
      {
        maxBuffer: 256 * 1024 * 1024,
      },
    );
  }
  const holds = (bytes: Buffer, text: string) => bytes.includes(Buffer.from(text, 'utf8'));
  const timelineRows = () => ctx.database.query('SELECT * FROM timeline_entries ORDER BY 1, 2');

  it('leaves no trace of the address, URL or contact in the database, and the log still verifies', async () => {
    const tag = randomBytes(6).toString('hex');
    const address = `erase-me-${tag}@example.org`;
    const url = `https://hooks.example.org/t0ken-${tag}`;
    const contact = `ops-${tag}@example.org`;
    const email = await subscriptions.create(
      { channel: 'email', target: address, ownerKeyId: 'k1', confirmed: true },
      admin,
    );
    const hook = await subscriptions.create(
      { channel: 'webhook', target: url, contact, ownerKeyId: 'k1', confirmed: true },
      admin,
    );
    await ctx.app.get(UnsubscribeTokens).mint(email.subscription.id);
    await subscriptions.secrets.put(email.subscription.id, {
      confirmTokenHash: SubscriptionSecrets.hashToken(SubscriptionSecrets.newToken()),
    });
    await addEntry(ctx.app.get(TimelineService));
    // A delivery log that quotes the URL, as a receiver's error can.
    const now = ctx.clock.now().toISOString();
    await ctx.database.execute(
      `INSERT INTO deliveries (id, event_id, position, entry_id, kind, subscription_id, channel, status, attempts,
         last_error, created_at, updated_at)
       VALUES ('d1', 'e1', 1, 'x', 'added', $1, 'webhook', 'pending', 1, $2, $3, $3)`,
      [hook.subscription.id, `connect ECONNREFUSED for ${url}`, now],
    );
    await ctx.database.execute(
      `INSERT INTO delivery_attempts (delivery_id, attempt, started_at, duration_ms, outcome, detail)
       VALUES ('d1', 1, $1, 5, 'retry', $2)`,
      [now, `POST ${url}: HTTP 500`],
    );

    // In the clear only in the read model (the operational copy the senders use), never in the log.
    const log = JSON.stringify(await ctx.events.readAll(0, 1_000));
    for (const value of [address, url, contact]) expect(log).not.toContain(value);
    expect(holds(databaseBytes(), address)).toBe(true);
    const timelineBefore = await timelineRows();

    const report = await subscriptions.erase(email.subscription.id, admin);
    expect(report).toEqual({
      subscriptionId: email.subscription.id,
      erased: true,
      outboxMessagesDeleted: 0,
      plaintextEventPositions: [],
    });
    await subscriptions.erase(hook.subscription.id, admin);
    // Again: nothing more to do, and no second event.
    await subscriptions.erase(hook.subscription.id, admin);

    const bytes = databaseBytes();
    for (const value of [address, url, `t0ken-${tag}`, contact]) expect(holds(bytes, value)).toBe(false);

    expect((await ctx.app.get(LogVerifier).verify()).ok).toBe(true);
    const erasedEvents = (await ctx.events.readAll(0, 1_000)).filter((e) => e.type === 'SubscriptionErased');
    expect(erasedEvents.map((e) => e.data)).toEqual([
      { subscriptionId: email.subscription.id, fields: ['target', 'contact'] },
      { subscriptionId: hook.subscription.id, fields: ['target', 'contact'] },
    ]);
    expect(await subscriptions.find(hook.subscription.id)).toMatchObject({
      target: ERASED,
      contact: null,
      status: 'deleted',
    });
    expect(await subscriptions.secrets.get(email.subscription.id)).toBeUndefined();
    expect(await ctx.database.query('SELECT * FROM email_unsubscribe_tokens')).toEqual([]);
    expect(await ctx.database.query('SELECT * FROM personal_data_keys')).toEqual([]);
    expect(await ctx.database.query('SELECT status, last_error FROM deliveries')).toEqual([
      { status: 'cancelled', last_error: 'The subscription was erased' },
    ]);
    expect(await ctx.database.query('SELECT detail FROM delivery_attempts')).toEqual([
      { detail: `POST ${ERASED}: HTTP 500` },
    ]);

    const subscriptionRows = await ctx.database.query('SELECT * FROM subscriptions ORDER BY id');
    await ctx.app.get(Projector).rebuild();
    expect(await ctx.database.query('SELECT * FROM subscriptions ORDER BY id')).toEqual(subscriptionRows);
    expect(await timelineRows()).toEqual(timelineBefore);
    expect((await ctx.app.get(LogVerifier).verify()).ok).toBe(true);
  });

  it('hides what events written in the clear hold, erases it, and says what stays in their bytes', async () => {
    const tag = randomBytes(6).toString('hex');
    const address = `legacy-${tag}@example.org`;
    const id = `0190aaaa-0000-7000-8000-${tag}`;
    // As the product wrote SubscriptionCreated before encryption (schema version 1).
    const { events } = await ctx.events.append(`subscription-${id}`, 0, [
      {
        type: 'SubscriptionCreated',
        schemaVersion: 1,
        data: {
          subscriptionId: id,
          channel: 'email',
          target: address,
          filters: { countries: [], categories: [], actors: [], keywords: [] },
          mode: 'instant',
          ownerKeyId: null,
          contact: `boss-${tag}@example.org`,
          confirmed: true,
        },
      },
    ]);
    const position = events[0]!.position;
    // What the personal-data migration does to a log that has such events; then the read model is
    // as the old code kept it (a rebuild reads the values through the references).
    const runner = ctx.database.dataSource.createQueryRunner();
    try {
      expect(await sealLegacyPersonalData(runner)).toBe(1);
      expect(await sealLegacyPersonalData(runner)).toBe(0);
    } finally {
      await runner.release();
    }
    await ctx.app.get(Projector).rebuild(['subscriptions']);
    expect(await subscriptions.find(id)).toMatchObject({
      target: address,
      contact: `boss-${tag}@example.org`,
    });
    const read = (await ctx.events.readAll(0, 100)).find((e) => e.position === position)!;
    expect(read).toMatchObject({
      schemaVersion: 2,
      data: { target: { ref: 'target' }, contact: { ref: 'contact' } },
    });
    expect(JSON.stringify(await ctx.events.readAll(0, 100))).not.toContain(address);

    const report = await subscriptions.erase(id, admin);
    expect(report.plaintextEventPositions).toEqual([position]);
    await ctx.app.get(Projector).rebuild(['subscriptions']);
    expect(await subscriptions.find(id)).toMatchObject({ target: ERASED, contact: null, status: 'deleted' });
    expect(await ctx.database.query('SELECT * FROM personal_data_values')).toEqual([]);
    expect((await ctx.app.get(LogVerifier).verify()).ok).toBe(true);
    // The limit, stated: the stored v1 row is never rewritten, so its bytes keep the address.
    const [raw] = await ctx.database.query<{ data: unknown }>('SELECT data FROM events WHERE position = $1', [
      position,
    ]);
    expect(JSON.stringify(raw!.data)).toContain(address);
  });
});
