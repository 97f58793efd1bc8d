import { mkdirSync } from 'node:fs';

import { ApiKeyService, AuthModule } from '@app/auth';
import { CoreModule } from '@app/runtime';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Browser, Page } from 'playwright-core';

import { type FeedServer, startFeedServer } from '../ingest/feed-server';
import { expectEventually, type RunningProcess, startProcess, testConfig } from '../support';
import { expectText, launchBrowser, signInWithForm } from '../support/browser';

// The admin pages at /admin and Bull Board at /admin/queues, on the built all-in-one process,
// driven in Debian's headless Chromium at a laptop's and a phone's size.
jest.setTimeout(120_000);

const SHOTS = '/tmp/shots/review-admin';
const VIEWPORTS = { laptop: { width: 1366, height: 800 }, phone: { width: 390, height: 844 } } as const;

describe('the admin pages at /admin', () => {
  let server: RunningProcess;
  let feeds: FeedServer;
  let writer: INestApplicationContext;
  let browser: Browser;
  let admin: string;
  let reviewer: string;
  let viewer: string;

  const call = (method: string, path: string, key?: string, body?: unknown) =>
    fetch(`${server.baseUrl}${path}`, {
      method,
      redirect: 'manual',
      headers: {
        ...(key ? { authorization: `Bearer ${key}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    feeds = await startFeedServer();
    const test = testConfig('sqlite');
    server = await startProcess('dist/apps/all-in-one/src/main.js', test.env, /listening on/, 60_000);
    writer = await NestFactory.createApplicationContext(
      CoreModule.forRoot(test.config, { migrate: false, redis: false }, [AuthModule]),
      { logger: ['error'] },
    );
    const keys = writer.get(ApiKeyService);
    admin = (await keys.create({ role: 'admin', name: 'olga' })).key;
    reviewer = (await keys.create({ role: 'reviewer', name: 'rita' })).key;
    viewer = (await keys.create({ role: 'viewer', name: 'vic' })).key;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await writer?.close();
    await server?.stop();
    await feeds?.close();
  });

  /** A fresh browser at this size, signed in through the page's own form. */
  async function signedInPage(size: keyof typeof VIEWPORTS, key = admin, path = '/admin'): Promise<Page> {
    const context = await browser.newContext({ viewport: VIEWPORTS[size] });
    const page = await context.newPage();
    page.on('pageerror', (error) => {
      throw error;
    });
    await signInWithForm(page, `${server.baseUrl}${path}`, key);
    return page;
  }

  it('every admin route: 401 without a key, 403 for a reviewer or a viewer', async () => {
    for (const [method, path, body] of [
      ['GET', '/api/admin/feeds', undefined],
      ['POST', '/api/feeds/try', { url: feeds.url('/wire.xml') }],
      ['GET', '/admin/queues/api/queues', undefined],
    ] as const) {
      expect([path, (await call(method, path, undefined, body)).status]).toEqual([path, 401]);
      for (const key of [reviewer, viewer]) {
        expect([path, (await call(method, path, key, body)).status]).toEqual([path, 403]);
      }
    }
    // A browser without a session is sent to sign in, and back.
    const html = await fetch(`${server.baseUrl}/admin/queues`, {
      redirect: 'manual',
      headers: { accept: 'text/html' },
    });
    expect([html.status, html.headers.get('location')]).toEqual([302, '/admin?next=%2Fadmin%2Fqueues']);
    // Bull Board for an admin.
    const board = await call('GET', '/admin/queues/api/queues', admin);
    expect(board.status).toBe(200);
    const { queues } = (await board.json()) as { queues: Array<{ name: string }> };
    expect(queues.map((q) => q.name).sort()).toEqual(
      [
        'alert-confirmation',
        'alert-delivery',
        'alert-digest',
        'alert-sweep',
        'feed-poll',
        'feed-silence',
      ].sort(),
    );
    // The trial refuses what is not an http(s) URL (never a file of the server), naming the field.
    const file = await call('POST', '/api/feeds/try', admin, { url: '/etc/passwd' });
    expect(file.status).toBe(400);
    expect(((await file.json()) as { error: { details: { field: string } } }).error.details.field).toBe(
      'url',
    );
  });

  it('tries a feed first, shows each item’s verdict, adds it, and lists its health', async () => {
    const page = await signedInPage('laptop');
    await page.locator('#tab-feeds').waitFor({ state: 'visible' });
    // Empty address: said in plain words, beside the field.
    await page.locator('#feed-try').click();
    await expectText(page, '#feed-url-error', /Enter the address of the feed/);

    await page.locator('#feed-url').fill(feeds.url('/wire.xml'));
    await page.locator('#feed-try').click();
    await page.locator('#feed-trial .trial-items li').first().waitFor();
    const verdicts = await page.locator('#feed-trial .trial-items .verdict').allTextContents();
    expect(verdicts.length).toBeGreaterThan(1);
    expect(verdicts).toContain('Would be proposed');
    expect(verdicts).toContain('Not relevant');
    await page.screenshot({ path: `${SHOTS}/admin-feeds-try-laptop.png`, fullPage: true });

    await page.locator('#feed-add').click();
    await expectText(page, '#flash', /Added .*polled now/);
    // The list is read again right after the confirmation shows.
    const row = page.locator('#feeds-body tr').first();
    await page.locator('#feeds-body tr', { hasText: feeds.url('/wire.xml') }).waitFor();
    await expect(row.textContent()).resolves.toContain(feeds.url('/wire.xml'));
    await page.screenshot({ path: `${SHOTS}/admin-feeds-laptop.png`, fullPage: true });
    await page.context().close();
  });

  it('pauses a feed with a reason asked on the page, shows it paused, and resumes it', async () => {
    for (const path of [
      '/api/feeds/0195a000-0000-7000-8000-0000000000ff/pause',
      '/api/feeds/0195a000-0000-7000-8000-0000000000ff/resume',
    ]) {
      expect((await call('POST', path, undefined, { reason: 'x y z' })).status).toBe(401);
      for (const key of [reviewer, viewer])
        expect((await call('POST', path, key, { reason: 'x y z' })).status).toBe(403);
    }
    const page = await signedInPage('laptop');
    const row = page.locator('#feeds-body tr', { hasText: feeds.url('/wire.xml') });
    await row.getByRole('button', { name: /^Pause / }).click();
    const reason = row.getByLabel(/Why pause/);
    await reason.waitFor({ state: 'visible' });
    // No reason: said beside the field, nothing sent.
    await row.getByRole('button', { name: 'Pause feed' }).click();
    await expect(row.locator('.field-error').textContent()).resolves.toMatch(/Say why/);
    await reason.fill('The publisher is moving its site');
    await page.screenshot({ path: `${SHOTS}/admin-feeds-pause-laptop.png`, fullPage: true });
    await row.getByRole('button', { name: 'Pause feed' }).click();
    await expectText(page, '#flash', /Paused .*not polled until resumed/);
    await page.locator('#feeds-body tr .health-paused').waitFor();
    await expect(row.locator('.paused-note').textContent()).resolves.toContain(
      'The publisher is moving its site',
    );
    await page.screenshot({ path: `${SHOTS}/admin-feeds-paused-laptop.png`, fullPage: true });
    const [feed] = (
      (await (await call('GET', '/api/feeds?status=paused', admin)).json()) as { feeds: { id: string }[] }
    ).feeds;
    expect(feed).toBeDefined();

    await row.getByRole('button', { name: /^Resume / }).click();
    await expectText(page, '#flash', /Resumed .*polled again/);
    await page.locator('#feeds-body tr .health-paused').waitFor({ state: 'detached' });
    expect(
      ((await (await call('GET', `/api/feeds/${feed!.id}`, admin)).json()) as { status: string }).status,
    ).toBe('active');
    await page.context().close();

    // On a phone, the reason form fits the page.
    const phone = await signedInPage('phone');
    const phoneRow = phone.locator('#feeds-body tr', { hasText: feeds.url('/wire.xml') });
    await phoneRow.getByRole('button', { name: /^Pause / }).click();
    await phoneRow.getByLabel(/Why pause/).waitFor({ state: 'visible' });
    await phone.screenshot({ path: `${SHOTS}/admin-feeds-pause-phone.png`, fullPage: true });
    await phone.context().close();
  });

  it('creates a key shown once, lists it, and revokes it', async () => {
    const page = await signedInPage('laptop');
    await page.goto(`${server.baseUrl}/admin#keys`);
    await page.locator('#tab-keys').waitFor({ state: 'visible' });
    await page.locator('#key-create').click();
    await expectText(page, '#key-name-error', /Give the key a name/);
    await page.locator('#key-name').fill('night shift');
    await page.locator('#key-role').selectOption('reviewer');
    await page.locator('#key-create').click();
    const secret = await expectText(page, '#key-secret', /^tlk_/);
    // The key works, once, as a reviewer's.
    expect((await call('GET', '/api/review/candidates', secret)).status).toBe(200);
    const row = page.locator('#keys-body tr', { hasText: 'night shift' });
    await expect(row.textContent()).resolves.toContain('Active');
    await page.screenshot({ path: `${SHOTS}/admin-keys-laptop.png`, fullPage: true });

    page.once('dialog', (dialog) => void dialog.accept());
    await row.locator('button', { hasText: 'Revoke' }).click();
    await expectText(page, '#flash', /Revoked the key of night shift/);
    // The flash comes first; the list reloads after it.
    await page.locator('#keys-body tr', { hasText: 'night shift' }).filter({ hasText: 'Revoked' }).waitFor();
    expect((await call('GET', '/api/review/candidates', secret)).status).toBe(401);
    // Reloaded, the secret is gone from the page.
    await page.reload();
    await page.locator('#keys-body tr').first().waitFor();
    await expect(page.locator('#key-created').isVisible()).resolves.toBe(false);
    await page.context().close();
  });

  it('lists subscriptions with status and filters, pauses and resumes one, and shows its delivery log', async () => {
    const created = await call('POST', '/api/subscriptions', admin, {
      channel: 'webhook',
      target: feeds.url('/hook'),
      filters: { countries: ['KZ'], keywords: ['border'] },
    });
    expect(created.status).toBe(201);
    const page = await signedInPage('laptop');
    await page.goto(`${server.baseUrl}/admin#subscriptions`);
    const row = page.locator('#subs-body tr', { hasText: '/hook' });
    await row.waitFor();
    await expect(row.textContent()).resolves.toMatch(/active.*Countries: KZ; Keywords: border/);
    await row.locator('button', { hasText: 'Pause' }).click();
    await expectText(page, '#flash', /Paused/);
    await expect(page.locator('#subs-body tr', { hasText: '/hook' }).textContent()).resolves.toContain(
      'paused',
    );
    await page
      .locator('#subs-body tr', { hasText: '/hook' })
      .locator('button', { hasText: 'Resume' })
      .click();
    await expectText(page, '#flash', /Resumed/);
    await page
      .locator('#subs-body tr', { hasText: '/hook' })
      .locator('button', { hasText: 'Deliveries' })
      .click();
    await expectText(page, '#deliveries-body', /Nothing has been sent to it yet/);
    await page.screenshot({ path: `${SHOTS}/admin-subscriptions-laptop.png`, fullPage: true });
    await page.context().close();
  });

  it('opens the outbox tab and Bull Board for a signed-in admin', async () => {
    // A public sign-up mails its confirmation to the outbox (no SMTP_URL here).
    const signUp = await fetch(`${server.baseUrl}/api/subscriptions/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'outbox-page@example.org', filters: { countries: ['TJ'] } }),
    });
    expect(signUp.status).toBe(202);
    const page = await signedInPage('laptop');
    await page.goto(`${server.baseUrl}/admin#outbox`);
    const mail = page.locator('#outbox-list button', { hasText: 'To outbox-page@example.org' });
    await expectEventually(async () => {
      await page.goto(`${server.baseUrl}/admin#outbox`);
      await mail.waitFor({ timeout: 2_000 });
    });
    await mail.click();
    await expectText(page, '#outbox-text', /\/subscriptions\/confirm\?token=\S+/);
    await page.goto(`${server.baseUrl}/admin/queues`);
    await page.waitForFunction(() => document.body.textContent?.includes('feed-poll'), undefined, {
      timeout: 15_000,
    });
    await page.screenshot({ path: `${SHOTS}/admin-queues-laptop.png` });
    await page.context().close();
  });

  it('signing in on /admin/queues’ redirect comes back to the board; a reviewer is told it needs an admin key', async () => {
    const page = await signedInPage('laptop', admin, '/admin/queues');
    await page.waitForURL(/\/admin\/queues/);
    await page.waitForFunction(() => document.body.textContent?.includes('feed-poll'), undefined, {
      timeout: 15_000,
    });
    await page.context().close();

    const refused = await signedInPage('laptop', reviewer);
    await expectText(refused, '#signin-error', /rita is a reviewer key: these pages need an admin key/);
    await refused.context().close();
  });

  it('works on a phone: tabs wrap, each table row is a card with every value under its heading, nothing overflows', async () => {
    const page = await signedInPage('phone');
    const firstFeed = page.locator('#feeds-body tr').first();
    await firstFeed.waitFor();
    await page.screenshot({ path: `${SHOTS}/admin-feeds-phone.png`, fullPage: true });
    const wide = await page.evaluate(() =>
      [...document.querySelectorAll('body *')]
        .filter((el) => {
          const box = el.getBoundingClientRect();
          return box.width > 0 && box.right > window.innerWidth + 1 && !el.closest('.visually-hidden, thead');
        })
        .map((el) => `${el.tagName}#${el.id}.${el.className}`)
        .slice(0, 10),
    );
    expect(wide).toEqual([]);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    // Every column of the feed's row is on screen, each value beside the heading it belongs to.
    const labels = await firstFeed
      .locator('td[data-label]')
      .evaluateAll((cells) => cells.map((cell) => getComputedStyle(cell, '::before').content));
    expect(labels).toEqual([
      '"Health"',
      '"Last success"',
      '"Last error"',
      '"Next poll"',
      '"Seen"',
      '"Proposed"',
    ]);
    for (const cell of await firstFeed.locator('td').all()) {
      const box = (await cell.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(390);
    }
    await page.goto(`${server.baseUrl}/admin#keys`);
    await page.locator('#keys-body tr').first().waitFor();
    await page.screenshot({ path: `${SHOTS}/admin-keys-phone.png`, fullPage: true });
    await page.context().close();
  });
});
