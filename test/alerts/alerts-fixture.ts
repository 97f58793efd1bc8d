// What the alerts tests stand on: the product opened in the test process (to subscribe and to
// approve entries, as the API would), a real HTTP receiver for webhooks, the worker and a Redis
// server of the test's own as real child processes, and expectEventually.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { join } from 'node:path';

import { AlertsModule, DeliveryLogService, SubscriptionService } from '@app/alerts';
import type { AppConfig } from '@app/config';
import { Database } from '@app/database';
import { EventStore } from '@app/event-store';
import { CoreModule } from '@app/runtime';
import { type EntryFields, TimelineModule, TimelineService } from '@app/timeline';
import type { DynamicModule, INestApplicationContext, Provider } from '@nestjs/common';
import { Test } from '@nestjs/testing';

import { freePort, REPO_ROOT, watchProcess, type WatchedProcess } from '../support';

export { expectEventually } from '../support';

export interface Product {
  app: INestApplicationContext;
  database: Database;
  events: EventStore;
  timeline: TimelineService;
  subscriptions: SubscriptionService;
  deliveries: DeliveryLogService;
  close(): Promise<void>;
}

/**
 * The product in the test process, on the database of `config`, with the system clock (the worker,
 * a child process, has the real one too). Without Redis unless asked.
 */
export async function openProduct(
  config: AppConfig,
  options: { redis?: boolean; features?: DynamicModule['imports']; providers?: Provider[] } = {},
): Promise<Product> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      CoreModule.forRoot(config, { migrate: true, redis: options.redis ?? false }, [
        TimelineModule,
        AlertsModule,
        ...(options.features ?? []),
      ]),
    ],
    providers: options.providers ?? [],
  }).compile();
  const app = await moduleRef.init();
  return {
    app,
    database: app.get(Database),
    events: app.get(EventStore),
    timeline: app.get(TimelineService),
    subscriptions: app.get(SubscriptionService),
    deliveries: app.get(DeliveryLogService),
    close: () => app.close(),
  };
}

export const entryFields = (over: Partial<EntryFields> = {}): EntryFields => ({
  title: 'Kazakh and Chinese border guards hold joint patrol',
  summary: 'A joint patrol on the Khorgos section of the border.',
  date: { start: '2026-03-05', precision: 'day' },
  countries: ['KZ', 'CN'],
  actors: ['Border Service of Kazakhstan'],
  categories: ['border-security'],
  ...over,
});

/** Approves a new entry as a reviewer would: an EntryAdded in the log. Returns the entry id. */
export async function addEntry(timeline: TimelineService, over: Partial<EntryFields> = {}): Promise<string> {
  const entryId = randomUUID();
  await timeline.execute(
    {
      kind: 'add',
      entryId,
      fields: entryFields(over),
      sources: [{ id: 's1', title: 'Test Wire report', publisher: 'Test Wire', origin: { kind: 'manual' } }],
      origin: { kind: 'manual' },
    },
    { actor: 'key:reviewer' },
  );
  return entryId;
}

export interface ReceivedRequest {
  path: string;
  headers: Record<string, string>;
  body: string;
  /** What the receiver answered: a status, or 'held' while it holds the request open. */
  answer: number | 'held';
}

/** How the receiver answers a request: a status (with headers), or hold it open and never answer. */
export type Reply = { status: number; headers?: Record<string, string> } | 'hold';

/**
 * A real HTTP server for webhooks on 127.0.0.1. Answers 200 unless told otherwise per path; records
 * every request and counts every TCP connection made to it.
 */
export class WebhookReceiver {
  readonly requests: ReceivedRequest[] = [];
  connections = 0;
  private readonly replies = new Map<string, (request: ReceivedRequest, nth: number) => Reply>();
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(): Promise<WebhookReceiver> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const receiver = new WebhookReceiver(server, (server.address() as { port: number }).port);
    server.on('connection', (socket: Socket) => {
      receiver.connections += 1;
      receiver.sockets.add(socket);
      socket.on('close', () => receiver.sockets.delete(socket));
    });
    server.on('request', (req: IncomingMessage, res: ServerResponse) => receiver.handle(req, res));
    return receiver;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** Sets how requests to `path` are answered; `nth` counts that path's requests from 1. */
  reply(path: string, decide: (request: ReceivedRequest, nth: number) => Reply): void {
    this.replies.set(path, decide);
  }

  on(path: string): ReceivedRequest[] {
    return this.requests.filter((request) => request.path === path);
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0]!;
      const headers = Object.fromEntries(
        Object.entries(req.headers).map(([name, value]) => [
          name,
          Array.isArray(value) ? value.join(', ') : (value ?? ''),
        ]),
      );
      const request: ReceivedRequest = {
        path,
        headers,
        body: Buffer.concat(chunks).toString('utf8'),
        answer: 'held',
      };
      this.requests.push(request);
      const decide = this.replies.get(path) ?? ((): Reply => ({ status: 200 }));
      const reply = decide(request, this.on(path).length);
      if (reply === 'hold') return;
      request.answer = reply.status;
      res.writeHead(reply.status, { 'content-type': 'text/plain', ...reply.headers });
      res.end('ok');
    });
  }
}

export type Child = WatchedProcess;

/**
 * A built entrypoint as a long-running child, ready when its output matches `readyPattern`, that
 * can also be killed outright (SIGKILL), as a crash would.
 */
export async function startChild(
  script: string,
  env: Record<string, string>,
  readyPattern: RegExp,
  options: { timeoutMs?: number; args?: string[] } = {},
): Promise<Child> {
  const child = spawn(process.execPath, [join(REPO_ROOT, script), ...(options.args ?? [])], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', ...env, LOG_LEVEL: 'log' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return watchProcess(child, readyPattern, options.timeoutMs ?? 30_000, script);
}

export function startWorker(env: Record<string, string>): Promise<Child> {
  return startChild('dist/apps/worker/src/main.js', env, /Worker started/);
}

/** A redis-server of the test's own on a free port, without persistence: restarted, it comes back empty. */
export async function startRedis(port?: number): Promise<Child & { port: number; url: string }> {
  const chosen = port ?? (await freePort());
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(chosen),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--daemonize',
      'no',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const watched = await watchProcess(child, /Ready to accept connections/, 10_000, 'redis-server');
  return { ...watched, port: chosen, url: `redis://127.0.0.1:${chosen}` };
}
