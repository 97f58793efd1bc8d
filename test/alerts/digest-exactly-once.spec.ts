import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import {
  AlertDispatcher,
  AlertsModule,
  AlertsQueueModule,
  DigestModule,
  type DigestResult,
  DigestService,
  SubscriptionService,
} from '@app/alerts';
import type { AppConfig } from '@app/config';
import { Database } from '@app/database';
import { CoreModule } from '@app/runtime';
import { TimelineModule, TimelineService } from '@app/timeline';
import type { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';

import { DATABASE_KINDS, REPO_ROOT, testConfig } from '../support';
import { addEntry } from './alerts-fixture';

jest.setTimeout(60_000);

/** The product in the test process: subscribes, approves entries, dispatches, reads the rows. */
interface Product {
  app: INestApplicationContext;
  database: Database;
  digests: DigestService;
  dispatcher: AlertDispatcher;
  subscriptions: SubscriptionService;
  timeline: TimelineService;
}

async function openProduct(config: AppConfig): Promise<Product> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      CoreModule.forRoot(config, { migrate: true, redis: true }, [TimelineModule, AlertsModule]),
      AlertsQueueModule,
      DigestModule,
    ],
    providers: [AlertDispatcher],
  }).compile();
  const app = await moduleRef.init();
  return {
    app,
    database: app.get(Database),
    digests: app.get(DigestService),
    dispatcher: app.get(AlertDispatcher),
    subscriptions: app.get(SubscriptionService),
    timeline: app.get(TimelineService),
  };
}

/** A worker process (test/alerts/digest-race-worker.ts) that runs the digest when told `go`. */
class RaceWorker {
  private readonly lines: string[] = [];
  private readonly waiting: ((line: string) => void)[] = [];
  private stderr = '';

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const waiter = this.waiting.shift();
      if (waiter) waiter(line);
      else this.lines.push(line);
    });
    child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
  }

  static async start(env: Record<string, string>): Promise<RaceWorker> {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'dist/test/alerts/digest-race-worker.js')], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    const worker = new RaceWorker(child);
    expect(await worker.next()).toBe('ready');
    return worker;
  }

  go(): void {
    this.child.stdin.write('go\n');
  }

  async result(): Promise<DigestResult> {
    return JSON.parse(await this.next()) as DigestResult;
  }

  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.child.on('close', resolve));
    this.child.stdin.end();
    await exited;
  }

  private next(): Promise<string> {
    const line = this.lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`No answer from the digest worker:\n${this.stderr}`)),
        30_000,
      );
      this.waiting.push((answer) => {
        clearTimeout(timer);
        resolve(answer);
      });
    });
  }
}

interface Row {
  [column: string]: unknown;
  id: string;
  subscription_id: string;
  status: string;
  digest_id: string | null;
}

/**
 * The daily digest records each subscription's digest exactly once, even when two worker processes
 * run it at the same moment on one database: every held row goes into one digest, each digest is one
 * delivery, and nothing is left held or taken twice.
 */
describe.each(DATABASE_KINDS)('daily digest on %s', (kind) => {
  let a: Product;
  let workers: RaceWorker[] = [];

  beforeAll(async () => {
    const { config, env } = testConfig(kind, { UNDO_WINDOW: '0s' });
    a = await openProduct(config);
    workers = await Promise.all([RaceWorker.start(env), RaceWorker.start(env)]);
  });
  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.stop()));
    await a?.app.close();
  });

  const daily = async (target: string) =>
    (
      await a.subscriptions.create(
        { channel: 'email', target, filters: {}, mode: 'daily', ownerKeyId: null, confirmed: true },
        { actor: 'test' },
      )
    ).subscription;

  const dispatchAll = async () => {
    while ((await a.dispatcher.dispatchOnce()).events > 0);
  };

  const rows = (subscriptionIds: string[]) =>
    a.database.query<Row>(
      `SELECT id, subscription_id, status, digest_id FROM deliveries
       WHERE subscription_id IN (${subscriptionIds.map((_, i) => `$${i + 1}`).join(', ')}) ORDER BY position, id`,
      subscriptionIds,
    );

  it('takes every held alert into one digest per subscription, once, when two workers race', async () => {
    const subscribers = await Promise.all(['d1@example.org', 'd2@example.org', 'd3@example.org'].map(daily));
    const ids = subscribers.map((s) => s.id);
    const perRound = 4;
    const rounds = 5;
    for (let round = 1; round <= rounds; round += 1) {
      for (let i = 0; i < perRound; i += 1)
        await addEntry(a.timeline, { title: `Round ${round} entry ${i}` });
      await dispatchAll();
      expect((await rows(ids)).filter((row) => row.status === 'held')).toHaveLength(ids.length * perRound);

      // Both processes are told at once, and run the digest at the same moment.
      for (const worker of workers) worker.go();
      const recorded = (await Promise.all(workers.map((worker) => worker.result()))).flatMap(
        (r) => r.digests,
      );
      // One digest per subscription, whichever worker recorded it.
      expect(recorded.map((d) => d.subscriptionId).sort()).toEqual([...ids].sort());
      expect(recorded.every((d) => d.items === perRound)).toBe(true);

      const now = await rows(ids);
      expect(now.filter((row) => row.status === 'held')).toEqual([]);
      const groups = new Map<string | null, Row[]>();
      for (const row of now) groups.set(row.digest_id, [...(groups.get(row.digest_id) ?? []), row]);
      expect(groups.has(null)).toBe(false);
      expect(groups.size).toBe(ids.length * round);
      for (const [digestId, group] of groups) {
        expect(group).toHaveLength(perRound);
        // The digest's own delivery is the first row it took; the others went out in it.
        expect(group.filter((row) => row.id === digestId)).toEqual([
          expect.objectContaining({ status: 'pending' }),
        ]);
        expect(group.filter((row) => row.id !== digestId).map((row) => row.status)).toEqual(
          Array(perRound - 1).fill('digested'),
        );
        expect(new Set(group.map((row) => row.subscription_id)).size).toBe(1);
      }
    }

    // Nothing held: nothing recorded, nothing changed.
    const before = await rows(ids);
    for (const worker of workers) worker.go();
    const again = await Promise.all(workers.map((worker) => worker.result()));
    expect(again.flatMap((result) => result.digests)).toEqual([]);
    expect(await rows(ids)).toEqual(before);
  });

  it('keeps a paused subscription’s alerts for after it resumes, and cancels a deleted one’s', async () => {
    const [paused, deleted] = await Promise.all(['p@example.org', 'x@example.org'].map(daily));
    await addEntry(a.timeline, { title: 'Held while paused' });
    await dispatchAll();
    await a.subscriptions.pause(paused!.id, { actor: 'test' });
    await a.subscriptions.delete(deleted!.id, { actor: 'test' });

    const result = await a.digests.run();
    expect(result.digests.filter((d) => [paused!.id, deleted!.id].includes(d.subscriptionId))).toEqual([]);
    expect((await rows([paused!.id])).map((row) => row.status)).toEqual(['held']);
    expect((await rows([deleted!.id])).map((row) => row.status)).toEqual(['cancelled']);

    await a.subscriptions.resume(paused!.id, { actor: 'test' });
    const resumed = await a.digests.run();
    expect(resumed.digests).toEqual([expect.objectContaining({ subscriptionId: paused!.id, items: 1 })]);
    expect((await rows([paused!.id])).map((row) => row.status)).toEqual(['pending']);
  });
});
