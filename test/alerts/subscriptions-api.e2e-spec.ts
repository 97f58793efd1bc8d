import type { SubscriptionView } from '@app/alerts';
import { Webhook } from 'standardwebhooks';

import { callApi, type RunningProcess, runCli, startProcess, testConfig } from '../support';
import { addEntry, expectEventually, openProduct, type Product, WebhookReceiver } from './alerts-fixture';

/**
 * Subscriptions over HTTP and on the command line, on the built all-in-one process (API and worker),
 * as an API client, an admin and an operator use them; one delivery end to end, and its replay.
 */
describe('subscriptions API and CLI', () => {
  let server: RunningProcess;
  let env: Record<string, string>;
  let product: Product;
  let receiver: WebhookReceiver;
  let alice: string;
  let bob: string;
  let admin: string;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    const made = testConfig('sqlite', { ALERT_SWEEP_INTERVAL: '1s', UNDO_WINDOW: '0s' });
    env = made.env;
    server = await startProcess('dist/apps/all-in-one/src/main.js', env, /listening on/);
    product = await openProduct(made.config);
    const key = async (role: string, name: string) => {
      const created = await runCli(['keys', 'create', '--role', role, '--name', name, '--json'], env);
      return (JSON.parse(created.stdout) as { key: string }).key;
    };
    [alice, bob, admin] = [
      await key('viewer', 'alice'),
      await key('viewer', 'bob'),
      await key('admin', 'ops'),
    ];
  });
  afterAll(async () => {
    await server?.stop();
    await product?.close();
    await receiver?.close();
  });

  const call = (method: string, path: string, key?: string, body?: unknown) =>
    callApi(server.baseUrl, method, path, key, body);
  const json = async <T = Record<string, unknown>>(response: Response) => (await response.json()) as T;
  const webhook = (path: string, over: Record<string, unknown> = {}) => ({
    channel: 'webhook',
    target: receiver.url(path),
    filters: { countries: ['kz'], keywords: ['patrol'] },
    ...over,
  });

  it('refuses a bad subscription with 400 naming the field, and any without a key with 401', async () => {
    const cases: [unknown, string][] = [
      [{ target: 'https://example.org/hook' }, 'channel'],
      [webhook('/x', { target: 'ftp://example.org/hook' }), 'target'],
      [webhook('/x', { target: 'not a url' }), 'target'],
      [{ channel: 'email', target: 'not-an-address' }, 'target'],
      [webhook('/x', { mode: 'daily' }), 'mode'],
      [webhook('/x', { filters: { countries: ['XX'] } }), 'filters.countries.0'],
      [webhook('/x', { filters: { categories: ['gossip'] } }), 'filters.categories.0'],
      [webhook('/x', { contact: 'nobody' }), 'contact'],
    ];
    for (const [body, field] of cases) {
      const response = await call('POST', '/api/subscriptions', alice, body);
      expect([response.status, await json(response)]).toEqual([
        400,
        { error: expect.objectContaining({ code: 'VALIDATION_FAILED', details: { field } }) as unknown },
      ]);
    }
    expect((await call('POST', '/api/subscriptions', undefined, webhook('/x'))).status).toBe(401);
    expect((await call('GET', '/api/subscriptions')).status).toBe(401);
  });

  it('shows a webhook’s secret once; only its owner or an admin may see or change it', async () => {
    const created = await call(
      'POST',
      '/api/subscriptions',
      alice,
      webhook('/alice', { contact: 'alice@example.org' }),
    );
    expect(created.status).toBe(201);
    const subscription = await json<SubscriptionView & { secret: string }>(created);
    expect(subscription).toMatchObject({
      channel: 'webhook',
      target: receiver.url('/alice'),
      filters: { countries: ['KZ'], categories: [], actors: [], keywords: ['patrol'] },
      mode: 'instant',
      status: 'active',
      disabledReason: null,
      contact: 'alice@example.org',
      secret: expect.stringMatching(/^whsec_/) as string,
    });
    const id = subscription.id;

    const again = await json(await call('GET', `/api/subscriptions/${id}`, alice));
    expect(again).toMatchObject({ id, status: 'active' });
    expect(JSON.stringify(again)).not.toContain('whsec_');
    // Nor is it anywhere in the log, which an admin may read.
    const log = await (await call('GET', '/api/events?after=0&limit=1000', admin)).text();
    expect(log).toContain(id);
    expect(log).not.toContain(subscription.secret);

    const email = await json(
      await call('POST', '/api/subscriptions', bob, { channel: 'email', target: 'bob@example.org' }),
    );
    expect(email).not.toHaveProperty('secret');
    // Someone else's address might have been typed: it waits for that address to confirm.
    expect(email).toMatchObject({ channel: 'email', status: 'pending-confirmation' });
    const byAdmin = await json(
      await call('POST', '/api/subscriptions', admin, { channel: 'email', target: 'desk@example.org' }),
    );
    expect(byAdmin).toMatchObject({ channel: 'email', status: 'active' });

    const own = await json<{ subscriptions: SubscriptionView[] }>(
      await call('GET', '/api/subscriptions', alice),
    );
    expect(own.subscriptions.map((s) => s.id)).toEqual([id]);
    const all = await json<{ subscriptions: SubscriptionView[] }>(
      await call('GET', '/api/subscriptions', admin),
    );
    expect(all.subscriptions.map((s) => s.id)).toEqual(expect.arrayContaining([id, email.id]));

    for (const [method, path] of [
      ['GET', `/api/subscriptions/${id}`],
      ['GET', `/api/subscriptions/${id}/deliveries`],
      ['POST', `/api/subscriptions/${id}/pause`],
      ['DELETE', `/api/subscriptions/${id}`],
    ] as const) {
      const refused = await call(method, path, bob);
      expect([refused.status, (await json<{ error: { code: string } }>(refused)).error.code]).toEqual([
        403,
        'FORBIDDEN',
      ]);
    }
    const unknown = await call('GET', '/api/subscriptions/0195a000-0000-7000-8000-0000000000ff', alice);
    expect([unknown.status, (await json<{ error: { code: string } }>(unknown)).error.code]).toEqual([
      404,
      'SUBSCRIPTION_NOT_FOUND',
    ]);

    expect(await json(await call('POST', `/api/subscriptions/${id}/pause`, alice))).toMatchObject({
      status: 'paused',
    });
    expect(await json(await call('POST', `/api/subscriptions/${id}/resume`, admin))).toMatchObject({
      status: 'active',
    });
    const deleted = await call('DELETE', `/api/subscriptions/${id}`, alice);
    expect([deleted.status, await json(deleted)]).toEqual([
      200,
      expect.objectContaining({ status: 'deleted' }),
    ]);
    expect((await call('GET', `/api/subscriptions/${id}`, alice)).status).toBe(404);
    expect((await call('POST', `/api/subscriptions/${id}/resume`, alice)).status).toBe(404);
  });

  it('erases a subscriber for its owner or an admin only: 401 without a key, 403 for another key', async () => {
    const made = await json<SubscriptionView>(
      await call(
        'POST',
        '/api/subscriptions',
        alice,
        webhook('/erase-me', { contact: 'alice-ops@example.org' }),
      ),
    );
    expect((await call('POST', `/api/subscriptions/${made.id}/erase`)).status).toBe(401);
    expect((await call('POST', `/api/subscriptions/${made.id}/erase`, bob)).status).toBe(403);
    const erased = await call('POST', `/api/subscriptions/${made.id}/erase`, alice);
    expect([erased.status, await json(erased)]).toEqual([
      200,
      { subscriptionId: made.id, erased: true, outboxMessagesDeleted: 0, plaintextEventPositions: [] },
    ]);
    // Erased means deleted: no longer listed, 404 to read; erasing again (an admin) changes nothing.
    expect((await call('GET', `/api/subscriptions/${made.id}`, alice)).status).toBe(404);
    expect((await call('POST', `/api/subscriptions/${made.id}/erase`, admin)).status).toBe(200);
    const unknown = '0190aaaa-0000-7000-8000-000000000000';
    expect((await call('POST', `/api/subscriptions/${unknown}/erase`, admin)).status).toBe(404);
    const events = await json<{ events: { type: string; data: unknown }[] }>(
      await call('GET', '/api/events?limit=1000', admin),
    );
    expect(JSON.stringify(events)).not.toContain('alice-ops@example.org');
    expect(JSON.stringify(events)).not.toContain('/erase-me');
  });

  it('delivers through the all-in-one process, logs every attempt, and replays with the same webhook-id', async () => {
    receiver.reply('/replay', (_request, nth) => (nth === 1 ? { status: 500 } : { status: 200 }));
    const created = await json<SubscriptionView & { secret: string }>(
      await call('POST', '/api/subscriptions', alice, webhook('/replay')),
    );
    const entryId = await addEntry(product.timeline, { title: 'Border patrol in the Zhetysu region' });
    // Filtered out: wrong country.
    await addEntry(product.timeline, { title: 'Border patrol in Sughd', countries: ['TJ'] });

    type Log = { deliveries: Array<{ id: string; status: string; entryId: string; attemptLog: unknown[] }> };
    const first = await expectEventually(async () => {
      const log = await json<Log>(await call('GET', `/api/subscriptions/${created.id}/deliveries`, alice));
      expect(log.deliveries).toEqual([expect.objectContaining({ status: 'delivered', entryId })]);
      return log.deliveries[0]!;
    });
    expect(first.attemptLog).toEqual([
      expect.objectContaining({ attempt: 1, outcome: 'retry', statusCode: 500 }),
      expect.objectContaining({ attempt: 2, outcome: 'delivered', statusCode: 200 }),
    ]);

    const replayed = await call(
      'POST',
      `/api/subscriptions/${created.id}/deliveries/${first.id}/replay`,
      alice,
    );
    expect(replayed.status).toBe(202);
    await expectEventually(() => expect(receiver.on('/replay')).toHaveLength(3));
    const requests = receiver.on('/replay');
    expect(requests.map((r) => r.headers['webhook-id'])).toEqual([first.id, first.id, first.id]);
    const payload = new Webhook(created.secret).verify(requests[2]!.body, requests[2]!.headers);
    expect(payload).toMatchObject({ type: 'entry.added', data: { entry: { id: entryId } } });
    await expectEventually(async () => {
      const log = await json<Log>(await call('GET', `/api/subscriptions/${created.id}/deliveries`, alice));
      expect(log.deliveries[0]!.attemptLog).toHaveLength(3);
    });
    const foreign = await call('POST', `/api/subscriptions/${created.id}/deliveries/${first.id}/replay`, bob);
    expect(foreign.status).toBe(403);
  });

  it('manages subscriptions on the command line too', async () => {
    const added = await runCli(
      [
        'subscriptions',
        'add',
        '--channel',
        'webhook',
        '--target',
        'https://hooks.example.org/a',
        '--country',
        'KZ,TJ',
        '--category',
        'policing',
        '--keyword',
        'Хоргос',
        '--json',
      ],
      env,
    );
    expect(added.code).toBe(0);
    const subscription = JSON.parse(added.stdout) as SubscriptionView & { secret: string };
    expect(subscription).toMatchObject({
      filters: { countries: ['KZ', 'TJ'], categories: ['policing'], keywords: ['Хоргос'], actors: [] },
      ownerKeyId: null,
      secret: expect.stringMatching(/^whsec_/) as string,
    });
    expect(added.stderr).toContain('will not be shown again');

    const list = await runCli(['subscriptions', 'list', '--json'], env);
    const listed = (JSON.parse(list.stdout) as { subscriptions: SubscriptionView[] }).subscriptions;
    expect(listed.find((s) => s.id === subscription.id)).toMatchObject({ status: 'active' });
    expect(list.stdout).not.toContain('whsec_');
    // Made without a key: an admin sees it over HTTP, a viewer does not.
    const viewerList = await json<{ subscriptions: SubscriptionView[] }>(
      await call('GET', '/api/subscriptions', alice),
    );
    expect(viewerList.subscriptions.map((s) => s.id)).not.toContain(subscription.id);
    expect((await call('GET', `/api/subscriptions/${subscription.id}`, admin)).status).toBe(200);

    const paused = await runCli(['subscriptions', 'pause', subscription.id, '--json'], env);
    expect(JSON.parse(paused.stdout)).toMatchObject({ status: 'paused' });
    const resumed = await runCli(['subscriptions', 'resume', subscription.id], env);
    expect(resumed.stdout).toMatch(/^Resumed subscription .* active/);
    const removed = await runCli(['subscriptions', 'remove', subscription.id, '--json'], env);
    expect(JSON.parse(removed.stdout)).toMatchObject({ status: 'deleted' });

    // A deleted subscription can still be erased, from the command line.
    const erased = await runCli(['subscriptions', 'erase', subscription.id, '--json'], env);
    expect([erased.code, JSON.parse(erased.stdout)]).toEqual([
      0,
      {
        subscriptionId: subscription.id,
        erased: true,
        outboxMessagesDeleted: 0,
        plaintextEventPositions: [],
      },
    ]);
    const list2 = await runCli(['subscriptions', 'list', '--json'], env);
    expect(list2.stdout).not.toContain('hooks.example.org/a');

    const again = await runCli(['subscriptions', 'remove', subscription.id], env);
    expect([again.code, again.stderr.trim()]).toEqual([1, `No subscription ${subscription.id}`]);
    const bad = await runCli(['subscriptions', 'add', '--channel', 'webhook', '--target', 'ftp://x'], env);
    expect([bad.code, bad.stderr.trim()]).toEqual([1, 'target: must be an http(s) URL']);
  }, 180_000);
});
