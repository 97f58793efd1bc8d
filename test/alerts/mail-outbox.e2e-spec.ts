import type { ErasureReport } from '@app/alerts';

import { createKeyByCli, freePort, type RunningProcess, startProcess, testConfig } from '../support';
import { addEntry, expectEventually, openProduct, type Product } from './alerts-fixture';

jest.setTimeout(90_000);

type Listed = { id: string; to: string; subject: string; date: string }[];

/**
 * A default install (no SMTP_URL): mail goes to the embedded outbox, so the public sign-up, its
 * confirmation and the alerts work out of the box, and an admin reads them at /api/admin/outbox.
 */
describe('the embedded mail outbox', () => {
  let server: RunningProcess;
  let product: Product;
  let base: string;
  let admin: string;
  let viewer: string;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const made = testConfig('sqlite', { PORT: String(port), PUBLIC_BASE_URL: base, UNDO_WINDOW: '0s' });
    server = await startProcess('dist/apps/all-in-one/src/main.js', made.env, /listening on/);
    product = await openProduct(made.config);
    const key = (role: string) => createKeyByCli(made.env, role, role);
    admin = await key('admin');
    viewer = await key('viewer');
  });
  afterAll(async () => {
    await server?.stop();
    await product?.close();
  });

  const get = (path: string, key?: string) =>
    fetch(`${base}${path}`, { headers: key ? { authorization: `Bearer ${key}` } : {} });
  const outbox = async () =>
    ((await (await get('/api/admin/outbox', admin)).json()) as { messages: Listed }).messages;

  it('takes a public sign-up with the page’s filters and keywords, and mails its confirmation to the outbox', async () => {
    const address = 'outbox-ana@example.org';
    const signUp = await fetch(`${base}/api/subscriptions/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: address,
        filters: {
          countries: ['TJ'],
          categories: ['border-security'],
          actors: [],
          keywords: ['Murghab', 'patrol'],
        },
        mode: 'instant',
      }),
    });
    expect(signUp.status).toBe(202);
    expect(JSON.stringify(await signUp.json())).not.toMatch(/SMTP/);
    const [subscription] = (await product.subscriptions.list({ channel: 'email' })).filter(
      (s) => s.target === address,
    );
    expect(subscription).toMatchObject({
      status: 'pending-confirmation',
      filters: { countries: ['TJ'], categories: ['border-security'], keywords: ['Murghab', 'patrol'] },
    });

    expect((await get('/api/admin/outbox')).status).toBe(401);
    expect((await get('/api/admin/outbox', viewer)).status).toBe(403);
    const listed = await expectEventually(async () => {
      const now = await outbox();
      expect(now).toEqual([
        {
          id: expect.any(String) as string,
          to: address,
          subject: expect.stringMatching(/^Confirm/) as string,
          date: expect.any(String) as string,
        },
      ]);
      return now;
    });
    const one = await get(`/api/admin/outbox/${listed[0]!.id}`, admin);
    expect(one.status).toBe(200);
    const message = (await one.json()) as { headers: Record<string, string>; text: string };
    expect(message.headers['message-id']).toMatch(/^<confirm-/);
    expect((await get('/api/admin/outbox/1700000000000-00000000', admin)).status).toBe(404);
    expect((await get(`/api/admin/outbox/${listed[0]!.id}`, viewer)).status).toBe(403);

    // Confirmed from the outbox's copy, by the page's button; then an approval's alert lands there too.
    const link = /(http\S+\/subscriptions\/confirm\?token=\S+)/.exec(message.text)![1]!;
    expect((await fetch(link, { method: 'POST' })).status).toBe(200);
    await addEntry(product.timeline, { title: 'Murghab patrol drills', countries: ['TJ'] });
    const after = await expectEventually(async () => {
      const now = await outbox();
      expect(now.map((m) => m.subject)).toEqual([
        'New entry: Murghab patrol drills',
        expect.stringMatching(/^Confirm/),
      ]);
      return now;
    });
    expect(after[0]!.date >= after[1]!.date).toBe(true);

    // Erasure deletes the outbox's copies of the address.
    const erased = await fetch(`${base}/api/subscriptions/${subscription!.id}/erase`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(((await erased.json()) as ErasureReport).outboxMessagesDeleted).toBe(2);
    expect(await outbox()).toEqual([]);

    // An expected condition is a line in the log, never a stack trace.
    expect(server.output()).toMatch(/mail goes to the outbox/);
    expect(server.output()).not.toMatch(/\n\s+at /);
  });
});
