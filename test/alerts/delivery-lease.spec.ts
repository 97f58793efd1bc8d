import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

import {
  AlertsModule,
  AlertsQueueModule,
  DeliveryService,
  DeliveryWrites,
  EndpointLanes,
  NoticeService,
  SubscriptionService,
} from '@app/alerts';
import type { AppConfig } from '@app/config';
import { Database } from '@app/database';
import { Clock } from '@app/event-store';
import { CoreModule } from '@app/runtime';
import { TimelineModule, TimelineService } from '@app/timeline';
import { type INestApplicationContext, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';

import { DATABASE_KINDS, ManualClock, testConfig } from '../support';
import { addEntry, expectEventually } from './alerts-fixture';

/** The delivery side alone: sends what the test asks, nothing dispatched or swept behind its back. */
@Module({
  imports: [AlertsModule, AlertsQueueModule],
  providers: [DeliveryService, DeliveryWrites, EndpointLanes, NoticeService],
  exports: [DeliveryService],
})
class SenderModule {}

async function open(config: AppConfig, clock: ManualClock): Promise<INestApplicationContext> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      CoreModule.forRoot(config, { migrate: true, redis: true }, [
        TimelineModule,
        AlertsModule,
        SenderModule,
      ]),
    ],
  })
    .overrideProvider(Clock)
    .useValue(clock)
    .compile();
  return moduleRef.init();
}

/**
 * Issue 14: a webhook send longer than its lease must not go out twice. The receiver answers just
 * before WEBHOOK_TIMEOUT while the clock passes the lease the send was claimed with; meanwhile a
 * second worker tries the same delivery. The lease is extended while the send runs (and counted
 * from when the claim holds the write lock), so the second worker finds the row taken: one request
 * reaches the receiver.
 */
describe.each(DATABASE_KINDS)('a delivery’s lease (%s)', (kind) => {
  let server: Server;
  let port: number;
  const arrived: string[] = [];
  let a: INestApplicationContext | undefined;
  let b: INestApplicationContext | undefined;

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      req.resume();
      arrived.push(String(req.headers['webhook-id']));
      // Just before the 1 s timeout.
      setTimeout(() => res.writeHead(200).end('ok'), 850);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  afterEach(async () => {
    await a?.close();
    await b?.close();
  });

  it('is not sent twice when the send outlasts the lease it was claimed with and the receiver answers just in time', async () => {
    const { config } = testConfig(kind, { WEBHOOK_TIMEOUT: '1s', UNDO_WINDOW: '0s' });
    const clock = new ManualClock(new Date());
    a = await open(config, clock);
    b = await open(config, clock);
    const database = a.get(Database);
    // An entry, then a subscription made after it (so nothing dispatches it), and its delivery row.
    const entryId = await addEntry(a.get(TimelineService));
    const [added] = await database.query<{ event_id: string; position: number | string }>(
      `SELECT event_id, position FROM events WHERE type = 'EntryAdded'`,
    );
    const { subscription } = await a
      .get(SubscriptionService)
      .create(
        { channel: 'webhook', target: `http://127.0.0.1:${port}/hook`, ownerKeyId: null, confirmed: true },
        { actor: 'test' },
      );
    const now = clock.now().toISOString();
    await database.execute(
      `INSERT INTO deliveries (id, event_id, position, entry_id, kind, subscription_id, channel, status,
         next_attempt_at, created_at, updated_at)
       VALUES ('lease-1', $1, $2, $3, 'added', $4, 'webhook', 'pending', $5, $5, $5)`,
      [added!.event_id, Number(added!.position), entryId, subscription.id, now],
    );

    const first = a.get(DeliveryService).deliver('lease-1');
    await expectEventually(() => expect(arrived).toHaveLength(1), 5_000, 5);
    // The send is under way, and the clock passes the lease it was claimed with (timeout and
    // margin, 3 s): a send slower than its lease, as a stalled process or a skewed clock makes it.
    // The lease was extended meanwhile, so a second worker trying the delivery finds it taken.
    clock.advance(3_500);
    await new Promise((resolve) => setTimeout(resolve, 400));
    await b.get(DeliveryService).deliver('lease-1');
    await first;
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(arrived).toEqual(['lease-1']);
    const [row] = await database.query<{ status: string; attempts: number | string }>(
      `SELECT status, attempts FROM deliveries WHERE id = 'lease-1'`,
    );
    expect({ status: row!.status, attempts: Number(row!.attempts) }).toEqual({
      status: 'delivered',
      attempts: 1,
    });
    arrived.length = 0;
  });
});
