import { mkdirSync } from 'node:fs';

import type { Browser, Page } from 'playwright-core';

import { type RunningProcess, runCli, startProcess, testConfig } from '../support';
import { launchBrowser } from '../support/browser';

// Drives the built all-in-one process (`node scripts/build.mjs` first, as `npm test` does) in
// Debian's headless Chromium, and checks what a reader sees.
jest.setTimeout(60_000);

const ALL_IN_ONE = 'dist/apps/all-in-one/src/main.js';
// vis-timeline draws a point item's dot as a second `.vis-item`: count the items themselves.
const CHART_ITEMS = '#timeline .vis-item:not(.vis-dot):not(.vis-line)';
const ROWS = '#entry-list > li';
const SEED_ENTRIES = 28;

interface Source {
  title: string;
  origin: { kind: string; quote?: string };
}
interface Entry {
  id: string;
  title: string;
  countries: string[];
  date: { start: string; end?: string; precision: string };
  sources: Source[];
}
interface TimelinePage {
  entries: Entry[];
  total: number;
}

describe('the timeline page at /', () => {
  let server: RunningProcess;
  let browser: Browser;
  let env: Record<string, string>;
  let startedAt: Date;
  let page: Page;
  let problems: string[];

  const api = async (query: string): Promise<TimelinePage> => {
    const response = await fetch(`${server.baseUrl}/api/timeline?limit=500&${query}`);
    expect(response.status).toBe(200);
    return (await response.json()) as TimelinePage;
  };

  const listTitles = () => page.locator(`${ROWS} .entry-title`).allTextContents();

  /** Waits until the list and the chart both show `count` entries and nothing is loading. */
  const expectShown = async (count: number) => {
    await page.waitForFunction(
      ([rows, items, n]) => {
        // vis-timeline keeps its chart hidden until its first complete draw.
        const chart = document.querySelector('#timeline .vis-timeline');
        return (
          !document.body.classList.contains('loading') &&
          document.querySelectorAll(rows).length === n &&
          document.querySelectorAll(items).length === n &&
          (n === 0 || (chart !== null && getComputedStyle(chart).visibility === 'visible'))
        );
      },
      [ROWS, CHART_ITEMS, count] as const,
      { timeout: 10_000 },
    );
    expect(await page.locator(ROWS).count()).toBe(count);
    expect(await page.locator(CHART_ITEMS).count()).toBe(count);
  };

  const openFacet = async (name: 'country' | 'category' | 'actor') => {
    await page.locator(`#facet-${name} > summary`).click();
    await page.locator(`#facet-${name} .facet-options`).waitFor({ state: 'visible' });
  };

  beforeAll(async () => {
    startedAt = new Date();
    mkdirSync('/tmp/shots/timeline-page', { recursive: true });
    ({ env } = testConfig('sqlite'));
    server = await startProcess(ALL_IN_ONE, env, /listening on/);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  beforeEach(async () => {
    problems = [];
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
    });
    page.on('requestfailed', (request) => {
      // The page aborts a list request itself when the filters change before it answers.
      if (request.failure()?.errorText !== 'net::ERR_ABORTED')
        problems.push(`failed ${request.url()}: ${request.failure()?.errorText}`);
    });
  });

  afterEach(async () => {
    await page.close();
    expect(problems).toEqual([]);
  });

  it('shows every entry on the visual timeline and in the list, under a strict CSP', async () => {
    const response = await page.goto(`${server.baseUrl}/`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toMatch(/script-src 'self'(;|$)/);
    // Every script is a file of our own: no inline script, no inline handlers.
    const html = (await response?.text()) ?? '';
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)/);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    expect((await api('')).total).toBe(SEED_ENTRIES);

    await expectShown(SEED_ENTRIES);
    await expect(page.locator('h1').textContent()).resolves.toBe('China–Central Asia security timeline');
    await expect(page.locator('#status').textContent()).resolves.toBe('28 entries.');
    await expect(page.locator('#asof-notice').isVisible()).resolves.toBe(false);
    await expect(page.locator('#empty').isVisible()).resolves.toBe(false);
    // Ranges and ongoing developments are drawn as ranges, everything else as points.
    expect(await page.locator('#timeline .vis-item.vis-range').count()).toBeGreaterThan(0);
    expect(await page.locator('#timeline .vis-item.vis-point').count()).toBeGreaterThan(0);
    // Dates read as the sources give them.
    const dates = await page.locator(`${ROWS} .entry-date`).allTextContents();
    expect(dates).toEqual(expect.arrayContaining(['1991', '2008 – 2012', 'since 2016', 'April 2024']));
    // Lanes are labelled with the category names from the facets.
    expect(await page.locator('#timeline .lane-label').allTextContents()).toContain(
      'Policing and law enforcement',
    );
    const exports = await page
      .locator('.exports a')
      .evaluateAll((links) => links.map((link) => [link.textContent, link.getAttribute('href')]));
    expect(exports).toEqual([
      ['Atom feed of this view', '/feed.atom'],
      ['JSON', '/api/timeline/export?format=json'],
      ['CSV', '/api/timeline/export?format=csv'],
      ['iCalendar', '/api/timeline/export?format=ics'],
      ['Atom', '/api/timeline/export?format=atom'],
      ['TimelineJS', '/api/timeline/export?format=timelinejs'],
    ]);
    await page.screenshot({ path: '/tmp/shots/timeline-page/timeline-page.png' });
    await page.screenshot({ path: '/tmp/shots/timeline-page/timeline-page-full.png', fullPage: true });
  });

  it('narrows chart and list to a country; the URL carries it through a reload, and Back undoes it', async () => {
    const tajikistan = await api('country=TJ');
    expect(tajikistan.total).toBeGreaterThan(0);
    expect(tajikistan.total).toBeLessThan(SEED_ENTRIES);
    await page.goto(`${server.baseUrl}/`);
    await expectShown(SEED_ENTRIES);

    await openFacet('country');
    const option = page.locator('#facet-country .facet-option', { hasText: 'Tajikistan' });
    await expect(option.locator('.facet-count').textContent()).resolves.toBe(String(tajikistan.total));
    await option.locator('input').check();

    await expectShown(tajikistan.total);
    expect(await listTitles()).toEqual(tajikistan.entries.map((e) => e.title));
    expect(new URL(page.url()).searchParams.getAll('country')).toEqual(['TJ']);
    await expect(page.locator('#facet-country [data-facet-summary]').textContent()).resolves.toBe(
      'Tajikistan',
    );
    await expect(page.locator('.exports a', { hasText: 'CSV' }).getAttribute('href')).resolves.toBe(
      '/api/timeline/export?country=TJ&format=csv',
    );

    await page.reload();
    await expectShown(tajikistan.total);
    await expect(page.locator('#facet-country input[value="TJ"]').isChecked()).resolves.toBe(true);

    await page.goBack();
    await expectShown(SEED_ENTRIES);
    await expect(page.locator('#facet-country input[value="TJ"]').isChecked()).resolves.toBe(false);
  });

  it('narrows by search words, together with other filters; a search that matches nothing says so', async () => {
    const kyrgyzstan = await api('q=Kyrgyzstan');
    const tjBorder = await api('country=TJ&q=border');
    expect(kyrgyzstan.total).toBeGreaterThan(0);
    expect(kyrgyzstan.total).toBeLessThan(SEED_ENTRIES);
    expect(tjBorder.total).toBeGreaterThan(0);
    await page.goto(`${server.baseUrl}/`);
    await expectShown(SEED_ENTRIES);

    await page.locator('#q').fill('Kyrgyzstan');
    await expectShown(kyrgyzstan.total);
    expect(await listTitles()).toEqual(kyrgyzstan.entries.map((e) => e.title));
    await expect(page.locator('#status').textContent()).resolves.toBe(
      `${kyrgyzstan.total} entries match these filters.`,
    );

    await page.locator('#q').fill('border');
    await openFacet('country');
    await page.locator('#facet-country input[value="TJ"]').check();
    await expectShown(tjBorder.total);
    expect(await listTitles()).toEqual(tjBorder.entries.map((e) => e.title));
    const url = new URL(page.url());
    expect([url.searchParams.get('q'), url.searchParams.get('country')]).toEqual(['border', 'TJ']);

    for (const nothing of ['пограничный патруль', '边境巡逻']) {
      expect((await api(`q=${encodeURIComponent(nothing)}`)).total).toBe(0);
      await page.goto(`${server.baseUrl}/`);
      await expectShown(SEED_ENTRIES);
      await page.locator('#q').fill(nothing);
      await page.locator('#q').press('Enter');
      await expectShown(0);
      await expect(page.locator('#empty').textContent()).resolves.toMatch(/No entries match these filters/);
      await expect(page.locator('#empty').isVisible()).resolves.toBe(true);
      await expect(page.locator('#chart').isVisible()).resolves.toBe(false);
      expect(new URL(page.url()).searchParams.get('q')).toBe(nothing);
    }

    await page.locator('#empty-clear').click();
    await expectShown(SEED_ENTRIES);
    await expect(page.locator('#q').inputValue()).resolves.toBe('');
  });

  it('opens an entry from the list, and from the chart, with its sources, quotes and history', async () => {
    const { entries } = await api('');
    const entry = entries.find((e) => e.date.precision === 'month' && e.sources.length > 1)!;
    const quoted = entry.sources.find((s) => s.origin.quote)!;
    await page.goto(`${server.baseUrl}/`);
    await expectShown(SEED_ENTRIES);

    await page.locator(`${ROWS} .entry-title a`, { hasText: entry.title }).click();
    const panel = page.locator('#entry-panel');
    await panel.locator('.history-item').first().waitFor();
    await expect(panel.locator('#entry-title').textContent()).resolves.toBe(entry.title);
    await expect(panel.locator('.entry-view-date').textContent()).resolves.toMatch(
      /^(January|February|March|April|May|June|July|August|September|October|November|December) \d{4}$/,
    );
    expect(await panel.locator('.source').count()).toBe(entry.sources.length);
    expect(await panel.locator('.source-title').allTextContents()).toEqual(entry.sources.map((s) => s.title));
    await expect(
      panel.locator('blockquote', { hasText: quoted.origin.quote }).first().isVisible(),
    ).resolves.toBe(true);
    const history = panel.locator('.history-item');
    expect(await history.count()).toBe(1);
    await expect(history.textContent()).resolves.toMatch(/^Added by Seed import · /);
    expect(new URL(page.url()).searchParams.get('entry')).toBe(entry.id);
    await expect(page.locator(`${ROWS}.selected .entry-title`).textContent()).resolves.toBe(entry.title);

    // A shared link opens the same view, and so does the entry's permanent link (feeds, alerts).
    await page.reload();
    await panel.locator('.history-item').first().waitFor();
    await expect(panel.locator('#entry-title').textContent()).resolves.toBe(entry.title);
    await page.goto(`${server.baseUrl}/entries/${entry.id}`);
    await panel.locator('.history-item').first().waitFor();
    await expect(panel.locator('#entry-title').textContent()).resolves.toBe(entry.title);

    await page.locator('#panel-close').click();
    await expect(panel.isVisible()).resolves.toBe(false);
    expect(new URL(page.url()).searchParams.has('entry')).toBe(false);

    const other = entries.find((e) => e.date.precision === 'range')!;
    await page.locator(`#timeline .item-title[data-id="${other.id}"]`).click();
    await panel.locator('.history-item').first().waitFor();
    await expect(panel.locator('#entry-title').textContent()).resolves.toBe(other.title);
    await expect(
      page.locator(`#timeline .vis-item.vis-selected .item-title`).getAttribute('data-id'),
    ).resolves.toBe(other.id);
    await page.screenshot({ path: '/tmp/shots/timeline-page/timeline-page-entry.png' });
    await page.keyboard.press('Escape');
    await expect(panel.isVisible()).resolves.toBe(false);
  });

  it('travels back in time: before the process started there were no entries, and the page says so', async () => {
    // A minute before start, to the whole second (the input's step).
    const before = new Date(Math.floor(startedAt.getTime() / 1000) * 1000 - 60_000);
    await page.goto(`${server.baseUrl}/`);
    await expectShown(SEED_ENTRIES);

    // datetime-local takes the browser's local time, which is this machine's.
    await page.locator('#asOf').fill(localInputValue(before));
    await expectShown(0);
    const notice = page.locator('#asof-notice');
    await expect(notice.isVisible()).resolves.toBe(true);
    await expect(notice.textContent()).resolves.toMatch(/Time travel\..*as it was recorded on/s);
    await expect(page.locator('#empty').isVisible()).resolves.toBe(true);
    expect(new URL(page.url()).searchParams.get('asOf')).toBe(before.toISOString());
    await expect(page.locator('.exports a', { hasText: 'JSON' }).getAttribute('href')).resolves.toContain(
      `asOf=${encodeURIComponent(before.toISOString())}`,
    );
    await page.screenshot({ path: '/tmp/shots/timeline-page/timeline-page-as-of.png' });

    await page.reload();
    await expectShown(0);
    await expect(notice.isVisible()).resolves.toBe(true);

    await page.locator('#asof-clear').click();
    await expectShown(SEED_ENTRIES);
    await expect(notice.isVisible()).resolves.toBe(false);
    expect(new URL(page.url()).searchParams.has('asOf')).toBe(false);
  });

  // These two change the timeline, so they come last.
  const reviewerKey = async (): Promise<string> => {
    const created = await runCli(['keys', 'create', '--role', 'reviewer', '--name', 'rita', '--json'], env);
    expect(created.code).toBe(0);
    return (JSON.parse(created.stdout) as { key: string }).key;
  };
  const review = (key: string, id: string, action: 'amend' | 'retract', body: object) =>
    fetch(`${server.baseUrl}/api/timeline/${id}/${action}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('shows text as text, even when it looks like HTML, and an amendment in the history', async () => {
    const key = await reviewerKey();
    const target = (await api('')).entries[1]!;
    const title = 'Border <img src="x" onerror="window.injected = 1"> & <b>patrols</b>';
    const amended = await review(key, target.id, 'amend', { title, reason: 'Sharper wording' });
    expect(amended.status).toBe(201);

    await page.goto(`${server.baseUrl}/?entry=${target.id}`);
    await expectShown(SEED_ENTRIES);
    expect(await listTitles()).toContain(title);
    await expect(page.locator(`#timeline .item-title[data-id="${target.id}"]`).textContent()).resolves.toBe(
      title,
    );
    const panel = page.locator('#entry-panel');
    await panel.locator('.history-item').nth(1).waitFor();
    await expect(panel.locator('#entry-title').textContent()).resolves.toBe(title);
    await expect(panel.locator('.history-item').nth(1).textContent()).resolves.toMatch(
      /^Amended by rita · .*Why: Sharper wordingTitle.+ → Border <img src="x" onerror="window.injected = 1"> & <b>patrols<\/b>$/,
    );
    expect(await page.locator('img, b').count()).toBe(0);
    expect(await page.evaluate(() => (window as { injected?: number }).injected)).toBeUndefined();
  });

  it('leaves retracted entries out unless asked, and shows why in the history', async () => {
    const key = await reviewerKey();
    const target = (await api('')).entries[0]!;
    const retracted = await review(key, target.id, 'retract', {
      reason: 'The figure could not be confirmed',
    });
    expect(retracted.status).toBe(201);

    await page.goto(`${server.baseUrl}/`);
    await expectShown(SEED_ENTRIES - 1);
    expect(await listTitles()).not.toContain(target.title);

    await page.locator('#includeRetracted').check();
    await expectShown(SEED_ENTRIES);
    const row = page.locator(`${ROWS}.retracted`);
    await expect(row.locator('.entry-title').textContent()).resolves.toBe(target.title);
    await row.locator('.entry-title a').click();
    const history = page.locator('#entry-panel .history-item');
    await history.nth(1).waitFor();
    await expect(history.nth(1).textContent()).resolves.toMatch(
      /^Retracted by rita · .*Why: The figure could not be confirmed$/,
    );
    await expect(page.locator('#entry-panel .retraction').textContent()).resolves.toMatch(
      /The figure could not be confirmed/,
    );
  });
});

/** A time as a datetime-local input takes it: local time, to the second. */
function localInputValue(time: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${time.getFullYear()}-${pad(time.getMonth() + 1)}-${pad(time.getDate())}` +
    `T${pad(time.getHours())}:${pad(time.getMinutes())}:${pad(time.getSeconds())}`
  );
}
