import { createServer } from 'node:http';

import { DISPATCHER, type SubscriptionView } from '@app/alerts';
import { Checkpoints } from '@app/event-store';
import { QUEUES } from '@app/runtime';
import { Queue, QueueEvents } from 'bullmq';
import type { Browser } from 'playwright-core';

import { freePort, type RunningProcess, runCli, startProcess, testConfig } from '../support';
import { launchBrowser } from '../support/browser';
import { addEntry, expectEventually, openProduct, type Product } from './alerts-fixture';
import { linkIn, Mailbox, type ReceivedMail } from './email-mailbox';

jest.setTimeout(60_000);

/**
 * Email alerts as a subscriber gets them: the built all-in-one process (API and worker) sends
 * through a real SMTP server in this process, and the mail is read as a mail client reads it.
 * Sign-ups go through the public route (and once through the page's form in Chromium); entries
 * are approved in the test process, on the same database, as an EntryAdded through TimelineService.
 */
describe('email alerts', () => {
  let mailbox: Mailbox;
  let server: RunningProcess;
  let product: Product;
  let env: Record<string, string>;
  let base: string;
  let adminKey: string;

  beforeAll(async () => {
    mailbox = await Mailbox.start();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const made = testConfig('sqlite', {
      UNDO_WINDOW: '0s',
      SMTP_URL: mailbox.url,
      SMTP_FROM: 'Timeline alerts <alerts@timeline.test>',
      PORT: String(port),
      PUBLIC_BASE_URL: base,
      ALERT_RETRY_SCHEDULE: '0,300ms,600ms',
      ALERT_SWEEP_INTERVAL: '1s',
    });
    env = made.env;
    server = await startProcess('dist/apps/all-in-one/src/main.js', env, /listening on/);
    product = await openProduct(made.config);
    const created = await runCli(['keys', 'create', '--role', 'admin', '--name', 'ops', '--json'], env);
    adminKey = (JSON.parse(created.stdout) as { key: string }).key;
  });
  afterAll(async () => {
    await server?.stop();
    await product?.close();
    await mailbox?.close();
  });

  const signUp = (body: unknown) =>
    fetch(`${base}/api/subscriptions/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  /** Waits for the `n`th mail to an address (1-based) and returns it. */
  const nthMail = (address: string, n: number): Promise<ReceivedMail> =>
    expectEventually(() => {
      const mails = mailbox.to(address);
      expect(mails.length).toBeGreaterThanOrEqual(n);
      return mails[n - 1]!;
    });

  /** A subscription made by an admin: confirmed at once (the public form's path has its own test). */
  const subscribe = async (target: string, word: string, mode: 'instant' | 'daily' = 'instant') =>
    (
      await product.subscriptions.create(
        { channel: 'email', target, filters: { keywords: [word] }, mode, ownerKeyId: null, confirmed: true },
        { actor: 'test' },
      )
    ).subscription;

  const rowsOf = (subscriptionId: string) =>
    product.database.query<{ id: string; status: string; digest_id: string | null; entry_id: string }>(
      'SELECT id, status, digest_id, entry_id FROM deliveries WHERE subscription_id = $1 ORDER BY position',
      [subscriptionId],
    );

  /** Resolves once the dispatcher has read the log up to its head: every delivery owed exists by then. */
  const dispatched = async () => {
    const { position } = await product.events.head();
    await expectEventually(async () => {
      expect(await product.app.get(Checkpoints).read(product.database, DISPATCHER)).toBeGreaterThanOrEqual(
        position,
      );
    });
  };

  const deliveryLog = async (subscriptionId: string) => {
    const response = await fetch(`${base}/api/subscriptions/${subscriptionId}/deliveries`, {
      headers: { authorization: `Bearer ${adminKey}` },
    });
    expect(response.status).toBe(200);
    return (
      (await response.json()) as {
        deliveries: {
          id: string;
          status: string;
          lastError: string | null;
          attemptLog: {
            attempt: number;
            outcome: string;
            statusCode: number | null;
            detail: string | null;
          }[];
        }[];
      }
    ).deliveries;
  };

  const bySubscriber = async (target: string): Promise<SubscriptionView> => {
    const found = (await product.subscriptions.list({ channel: 'email' })).filter((s) => s.target === target);
    expect(found).toHaveLength(1);
    return found[0]!;
  };

  it('signs up with a confirmation link, sends nothing before it, then alerts with every fact and a one-click unsubscribe that stops them', async () => {
    const ana = 'ana@example.org';
    const first = await signUp({ email: ana, filters: { countries: ['tj'] } });
    expect(first.status).toBe(202);
    const answer: unknown = await first.json();
    expect(answer).toMatchObject({
      status: 'accepted',
      message: expect.stringMatching(/Check your inbox/) as string,
    });
    // The same sign-up again answers the same, and makes no second subscription.
    const again = await signUp({ email: ana, filters: { countries: ['TJ'] } });
    expect([again.status, await again.json()]).toEqual([202, answer]);
    const pending = await bySubscriber(ana);
    expect(pending).toMatchObject({
      status: 'pending-confirmation',
      mode: 'instant',
      ownerKeyId: null,
      filters: { countries: ['TJ'], categories: [], actors: [], keywords: [] },
    });

    const confirmation = await nthMail(ana, 1);
    expect(confirmation.mail.subject).toBe(
      'Confirm your alerts from the China–Central Asia security timeline',
    );
    expect(confirmation.mail.from?.value).toEqual([
      { name: 'Timeline alerts', address: 'alerts@timeline.test' },
    ]);
    expect(confirmation.mail.text).toContain('instant alerts for country: Tajikistan');
    const confirmLink = linkIn(confirmation.mail.text!, `${base}/subscriptions/confirm?token=`);
    expect(confirmation.mail.html).toContain(confirmLink);
    // Only the token's hash is kept.
    const [secrets] = await product.database.query<{ confirm_token_hash: string }>(
      'SELECT confirm_token_hash FROM subscription_secrets WHERE subscription_id = $1',
      [pending.id],
    );
    expect(secrets!.confirm_token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(secrets!.confirm_token_hash).not.toContain(new URL(confirmLink).searchParams.get('token'));

    // Approved before the address confirms: nothing is owed to it.
    await addEntry(product.timeline, { title: 'Before confirmation', countries: ['TJ'] });
    await dispatched();
    expect(await rowsOf(pending.id)).toEqual([]);

    // The link opens a page that asks (a mail scanner's GET confirms nothing); its button POSTs.
    for (let i = 0; i < 2; i += 1) {
      const asked = await fetch(confirmLink);
      expect(asked.status).toBe(200);
      const askPage = await asked.text();
      expect(askPage).toContain('Confirm your alerts');
      const form = /<form method="post" action="([^"]+)">/.exec(askPage);
      expect(form && new URL(form[1]!.replace(/&amp;/g, '&'), base).href).toBe(confirmLink);
    }
    expect((await product.subscriptions.get(pending.id)).status).toBe('pending-confirmation');
    const confirmed = await fetch(confirmLink, { method: 'POST' });
    expect(confirmed.status).toBe(200);
    expect(confirmed.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(confirmed.headers.get('content-security-policy')).not.toMatch(/script-src/);
    const page = await confirmed.text();
    expect(page).toContain('Your alerts are on');
    expect(page).toContain(
      'You will get alerts for new entries about Tajikistan at <strong>ana@example.org</strong>',
    );
    expect(page).not.toMatch(/<script/);
    expect((await product.subscriptions.get(pending.id)).status).toBe('active');
    // The link works once.
    expect((await fetch(confirmLink, { method: 'POST' })).status).toBe(404);
    expect((await fetch(confirmLink)).status).toBe(404);
    // An active address signing up again gets the same answer as any other.
    const once = await signUp({ email: ana, filters: { countries: ['TJ'] } });
    expect([once.status, await once.json()]).toEqual([202, answer]);

    const title = 'Border <b>patrol</b> & "night" drills near Murghab';
    const entryId = await addEntry(product.timeline, {
      title,
      summary: 'Tajik and Chinese units <script>alert(1)</script> trained together.',
      date: { start: '2026-03', precision: 'month' },
      countries: ['TJ', 'CN'],
    });
    await product.timeline.execute(
      {
        kind: 'attach-source',
        entryId,
        source: {
          id: 's2',
          title: 'Asia-Plus report',
          publisher: 'Asia-Plus',
          url: 'https://asiaplus.example/murghab',
          origin: { kind: 'manual' },
        },
      },
      { actor: 'key:reviewer' },
    );
    const alert = await nthMail(ana, 2);
    const [row] = await rowsOf(pending.id);
    expect(row).toMatchObject({ entry_id: entryId, status: 'delivered' });
    expect(alert.mail.subject).toBe(`New entry: ${title}`);
    expect(alert.mail.messageId).toBe(`<${row!.id}@127.0.0.1>`);
    for (const part of [alert.mail.text!, alert.mail.html as string]) {
      expect(part).toContain('March 2026');
      expect(part).toContain('Tajikistan, China');
      expect(part).toContain('Test Wire report');
    }
    expect(alert.mail.text).toContain(title);
    expect(alert.mail.text).toContain('Tajik and Chinese units <script>alert(1)</script> trained together.');
    // HTML shows hostile text as text.
    expect(alert.mail.html).toContain(
      'Border &lt;b&gt;patrol&lt;/b&gt; &amp; &quot;night&quot; drills near Murghab',
    );
    expect(alert.mail.html).not.toMatch(/<script|<b>patrol/);

    // The entry's permanent link leads to the timeline page with the entry open.
    const entryLink = linkIn(alert.mail.text!, `${base}/entries/`);
    expect(entryLink).toBe(`${base}/entries/${entryId}`);
    expect(alert.mail.html).toContain(`href="${entryLink}"`);
    const opened = await fetch(entryLink);
    expect(opened.status).toBe(200);
    expect(opened.url).toBe(`${base}/?entry=${entryId}`);
    expect(await opened.text()).toContain('<title>China–Central Asia security timeline</title>');

    // One-click unsubscribe: a link in the body, the RFC 8058 headers.
    const unsubscribe = linkIn(alert.mail.text!, `${base}/unsubscribe?token=`);
    expect(alert.header('list-unsubscribe')).toBe(`<${unsubscribe}>`);
    expect(alert.header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(alert.mail.html).toContain(unsubscribe);
    // Following the link (as mail scanners do) only asks.
    const ask = await fetch(unsubscribe);
    expect(ask.status).toBe(200);
    expect(await ask.text()).toMatch(/<form method="post" action="\/unsubscribe\?token=[^"]+">/);
    expect((await product.subscriptions.get(pending.id)).status).toBe('active');
    // What a mail program sends on one click; again, it is still done.
    for (let i = 0; i < 2; i += 1) {
      const done = await fetch(unsubscribe, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
      expect(done.status).toBe(200);
      expect(await done.text()).toMatch(/No more alerts for new entries about Tajikistan go to/);
    }
    expect((await product.subscriptions.find(pending.id))?.status).toBe('deleted');
    expect((await fetch(`${base}/unsubscribe?token=${'x'.repeat(43)}`)).status).toBe(404);

    await addEntry(product.timeline, { title: 'After unsubscribing', countries: ['TJ'] });
    await dispatched();
    expect(await rowsOf(pending.id)).toHaveLength(1);
    expect(mailbox.to(ana)).toHaveLength(2);
  });

  it('signs up from the form on the timeline page, following its current filters', async () => {
    const browser: Browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text());
      });
      await page.goto(`${base}/?country=KG&category=border-security`);
      await page.waitForFunction(() => !document.body.classList.contains('loading'));
      const follows = page.locator('#alert-follows');
      await expect(follows.textContent()).resolves.toBe('new entries about Kyrgyzstan, in Border security');
      await page.locator('#alert-email').fill('not an address');
      await page.locator('#alert-form button[type="submit"]').click();
      await expect(page.locator('#alert-result').textContent()).resolves.toMatch(/Write an email address/);

      await page.locator('#alert-email').fill('bek@example.org');
      await page.locator('#alert-form input[name="mode"][value="daily"]').check();
      await page.locator('#alert-form button[type="submit"]').click();
      await page.locator('#alert-result', { hasText: 'Check your inbox' }).waitFor();
      await expect(page.locator('#alert-result').textContent()).resolves.toBe(
        'Check your inbox: a link to confirm is on its way to bek@example.org. Nothing is sent before you follow it.',
      );
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
    const confirmation = await nthMail('bek@example.org', 1);
    expect(confirmation.mail.text).toContain(
      'a daily digest of alerts for country: Kyrgyzstan; category: Border security',
    );
    expect(await bySubscriber('bek@example.org')).toMatchObject({
      status: 'pending-confirmation',
      mode: 'daily',
      filters: { countries: ['KG'], categories: ['border-security'], actors: [], keywords: [] },
    });
  });

  it('sends a delivery again as the same message (same Message-ID)', async () => {
    const subscription = await subscribe('cem@example.org', 'replaywombat');
    await addEntry(product.timeline, { title: 'Replaywombat patrol on the Irkeshtam pass' });
    const first = await nthMail('cem@example.org', 1);
    const [row] = await expectEventually(async () => {
      const rows = await rowsOf(subscription.id);
      expect(rows).toEqual([expect.objectContaining({ status: 'delivered' })]);
      return rows;
    });
    const replay = await fetch(`${base}/api/subscriptions/${subscription.id}/deliveries/${row!.id}/replay`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminKey}` },
    });
    expect(replay.status).toBe(202);
    const second = await nthMail('cem@example.org', 2);
    expect(second.mail.messageId).toBe(`<${row!.id}@127.0.0.1>`);
    expect(second.mail.messageId).toBe(first.mail.messageId);
    expect(second.mail.subject).toBe(first.mail.subject);
  });

  it('retries a 4xx from the SMTP server until it is delivered; every attempt is in the delivery log', async () => {
    const address = 'greylisted@example.org';
    mailbox.refuse(address, (nth) =>
      nth <= 2 ? { code: 451, message: '4.7.1 Greylisted, come back later' } : undefined,
    );
    const subscription = await subscribe(address, 'greywolf');
    await addEntry(product.timeline, { title: 'Greywolf drill near Osh' });
    const mail = await nthMail(address, 1);
    expect(mail.mail.subject).toBe('New entry: Greywolf drill near Osh');
    const [delivery] = await expectEventually(async () => {
      const log = await deliveryLog(subscription.id);
      expect(log).toEqual([expect.objectContaining({ status: 'delivered' })]);
      return log;
    });
    expect(delivery!.attemptLog).toEqual([
      expect.objectContaining({ attempt: 1, outcome: 'retry', statusCode: 451 }),
      expect.objectContaining({ attempt: 2, outcome: 'retry', statusCode: 451 }),
      expect.objectContaining({ attempt: 3, outcome: 'delivered', statusCode: 250 }),
    ]);
    expect(delivery!.attemptLog[0]!.detail).toMatch(/Greylisted/);
    expect(mailbox.to(address)).toHaveLength(1);
  });

  it('takes a 5xx from the SMTP server as final, and shows it in the delivery log', async () => {
    const address = 'nobody@example.org';
    mailbox.refuse(address, () => ({ code: 550, message: '5.1.1 No such user here' }));
    const subscription = await subscribe(address, 'bouncehare');
    await addEntry(product.timeline, { title: 'Bouncehare exercise in Termez' });
    const [delivery] = await expectEventually(async () => {
      const log = await deliveryLog(subscription.id);
      expect(log).toEqual([expect.objectContaining({ status: 'failed' })]);
      return log;
    });
    expect(delivery!.attemptLog).toEqual([
      expect.objectContaining({ attempt: 1, outcome: 'failed', statusCode: 550 }),
    ]);
    expect(delivery!.lastError).toMatch(/550.*No such user here/);
    expect(mailbox.triesFor(address)).toBe(1);
    expect(mailbox.to(address)).toEqual([]);
  });

  it('sends a daily digest as one message listing every held alert, exactly once; with nothing held, nothing', async () => {
    const address = 'daily@example.org';
    const subscription = await subscribe(address, 'digestibis', 'daily');
    const titles = [
      'Digestibis one: SCO talks',
      'Digestibis two: Border post opens',
      'Digestibis three: Arms transfer',
    ];
    for (const title of titles) await addEntry(product.timeline, { title });
    await dispatched();
    const held = await rowsOf(subscription.id);
    expect(held.map((row) => row.status)).toEqual(['held', 'held', 'held']);
    expect(mailbox.to(address)).toEqual([]);

    // What the job scheduler does at DIGEST_HOUR_UTC: one job on the digest queue, run by the worker.
    const connection = { url: env.REDIS_URL! };
    const queue = new Queue(QUEUES.alertDigest, { connection, prefix: env.REDIS_PREFIX });
    const events = new QueueEvents(QUEUES.alertDigest, { connection, prefix: env.REDIS_PREFIX });
    try {
      await events.waitUntilReady();
      await (await queue.add('digest', {})).waitUntilFinished(events, 20_000);
      const digest = await nthMail(address, 1);
      expect(digest.mail.subject).toBe(
        'Daily digest: 3 updates from the China–Central Asia security timeline',
      );
      for (const title of titles) {
        expect(digest.mail.text).toContain(title);
        expect(digest.mail.html).toContain(title);
      }
      const rows = await expectEventually(async () => {
        const now = await rowsOf(subscription.id);
        expect(now.map((row) => row.status)).toEqual(['delivered', 'digested', 'digested']);
        return now;
      });
      expect(rows.map((row) => row.digest_id)).toEqual([rows[0]!.id, rows[0]!.id, rows[0]!.id]);
      expect(digest.mail.messageId).toBe(`<${rows[0]!.id}@127.0.0.1>`);
      expect(digest.header('list-unsubscribe')).toMatch(/^<http:\/\/127\.0\.0\.1:\d+\/unsubscribe\?token=/);

      await (await queue.add('digest', {})).waitUntilFinished(events, 20_000);
      expect((await rowsOf(subscription.id)).map((row) => row.status)).toEqual([
        'delivered',
        'digested',
        'digested',
      ]);
      expect(mailbox.to(address)).toHaveLength(1);
    } finally {
      await events.close();
      await queue.close();
    }
  });

  it('tells whoever got an entry of its correction (what changed, why) and of its retraction (why)', async () => {
    const address = 'dina@example.org';
    await subscribe(address, 'correctme');
    const entryId = await addEntry(product.timeline, { title: 'Correctme exercise near Khorgos' });
    expect((await nthMail(address, 1)).mail.subject).toBe('New entry: Correctme exercise near Khorgos');

    await product.timeline.execute(
      {
        kind: 'amend',
        entryId,
        changes: { title: 'Joint exercise near Khorgos', countries: ['KZ'] },
        reason: 'The exercise was on the Kazakh side only',
      },
      { actor: 'key:reviewer' },
    );
    const corrected = await nthMail(address, 2);
    expect(corrected.mail.subject).toBe('Corrected: Joint exercise near Khorgos');
    for (const part of [corrected.mail.text!, corrected.mail.html as string]) {
      expect(part).toMatch(/What changed/);
      expect(part).toContain('Kazakhstan');
      expect(part).toContain('The exercise was on the Kazakh side only');
    }

    await product.timeline.execute(
      { kind: 'retract', entryId, reason: 'A duplicate of an earlier entry' },
      { actor: 'key:reviewer' },
    );
    const retracted = await nthMail(address, 3);
    expect(retracted.mail.subject).toBe('Retracted: Joint exercise near Khorgos');
    expect(retracted.mail.text).toContain('Retracted. Why: A duplicate of an earlier entry');
    expect(retracted.mail.html).toContain('A duplicate of an earlier entry');
  });

  it('tells a webhook’s contact by email when its endpoint is gone and the subscription disabled', async () => {
    const gone = createServer((_request, response) => response.writeHead(410).end());
    await new Promise<void>((resolve) => gone.listen(0, '127.0.0.1', resolve));
    try {
      const { subscription } = await product.subscriptions.create(
        {
          channel: 'webhook',
          target: `http://127.0.0.1:${(gone.address() as { port: number }).port}/hook`,
          filters: { keywords: ['gonefox'] },
          contact: 'owner@example.org',
          ownerKeyId: null,
          confirmed: true,
        },
        { actor: 'test' },
      );
      await addEntry(product.timeline, { title: 'Gonefox patrol near Kashgar' });
      const notice = await nthMail('owner@example.org', 1);
      const disabled = await product.subscriptions.get(subscription.id);
      expect(disabled.status).toBe('disabled');
      expect(notice.mail.subject).toBe(`Disabled: your webhook subscription ${subscription.id}`);
      expect(notice.mail.text).toContain(`Why: ${disabled.disabledReason}`);
      expect(notice.mail.text).toContain(`POST /api/subscriptions/${subscription.id}/resume`);
    } finally {
      await new Promise((resolve) => gone.close(resolve));
    }
  });

  // Last: it uses up this client's sign-ups for a minute.
  it('limits sign-ups per client address, with 429 and Retry-After', async () => {
    const answers: number[] = [];
    for (let i = 0; i < 6; i += 1) answers.push((await signUp({ email: `limit${i}@example.org` })).status);
    expect(answers).toContain(429);
    expect(answers.indexOf(429)).toBeGreaterThan(0);
    const refused = await signUp({ email: 'limit-last@example.org' });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    expect(await signUp({ email: 'not an address' }).then((r) => r.status)).toBe(429);
  });
});
