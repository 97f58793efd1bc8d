import { mkdirSync } from 'node:fs';

import type { Browser, BrowserContext, Page, Request } from 'playwright-core';

import { Mailbox } from '../alerts/email-mailbox';
import { type RunningProcess, runCli, startProcess, testConfig } from '../support';
import { launchBrowser, signInWithForm, watchPage } from '../support/browser';

// What an analyst does with the timeline page (issue 11), in Debian's headless Chromium against
// the built all-in-one process (`node scripts/build.mjs` first): impossible dates, the chart's
// range and its ongoing strip, phones, order and "new since my last visit", places on the map,
// feeds and exports of the view, the entry panel with corrections, time travel by slider, the
// browser's 404 page and the alert sign-up. Every test looks at 1366×800 and at 390×844.
jest.setTimeout(90_000);

const ALL_IN_ONE = 'dist/apps/all-in-one/src/main.js';
const CHART_ITEMS = '#timeline .vis-item:not(.vis-dot):not(.vis-line)';
const ROWS = '#entry-list > li';
const SHOTS = '/tmp/shots/timeline-page';
const WIDE = { width: 1366, height: 800 };
const NARROW = { width: 390, height: 844 };
const DAY = 86_400_000;

interface Place {
  id: string;
  name: string;
  lat: number;
  lon: number;
}
interface Entry {
  id: string;
  title: string;
  version: number;
  date: { start: string; end?: string; precision: string };
  places: Place[];
  sources: Array<{ title: string; quotes: Array<{ text: string; locator: string }> }>;
  recordedAt: string;
  updatedAt: string;
}
interface TimelinePage {
  entries: Entry[];
  total: number;
}

describe('the timeline page for analysts', () => {
  let server: RunningProcess;
  let mailbox: Mailbox;
  let browser: Browser;
  let env: Record<string, string>;
  let rita: string;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  /** Failed responses a test expects (status and a part of the URL): not problems. */
  let expected: Array<[number, string]>;

  const api = async (query: string): Promise<TimelinePage> => {
    const response = await fetch(`${server.baseUrl}/api/timeline?limit=500&${query}`);
    expect(response.status).toBe(200);
    return (await response.json()) as TimelinePage;
  };
  const titles = (entries: Entry[]) => entries.map((e) => e.title);
  const listTitles = () => page.locator(`${ROWS} .entry-title a`).allTextContents();

  const write = async (path: string, body: unknown): Promise<unknown> => {
    const response = await fetch(`${server.baseUrl}${path}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${rita}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect([path, response.status < 300]).toEqual([path, true]);
    return response.json();
  };

  /** An entry by the review workflow: a hand proposal, approved (with `edits`, if any). */
  const approveNew = async (title: string, start: string, edits: object = {}): Promise<string> => {
    const candidate = (await write('/api/review/candidates', {
      title,
      summary: `${title}, as a reviewer summarised it.`,
      date: { start, precision: 'day' },
      countries: ['KZ', 'CN'],
      actors: [],
      categories: ['border-security'],
      source: { title: `Report: ${title}`, publisher: 'Test Wire', url: 'https://example.org/report' },
    })) as { id: string };
    const decided = (await write(`/api/review/candidates/${candidate.id}/approve`, edits)) as {
      entry: { id: string };
    };
    return decided.entry.id;
  };

  /** Waits until the page has shown `count` entries in the list and nothing is loading. */
  const expectRows = async (count: number) => {
    await page.waitForFunction(
      ([rows, n]) =>
        !document.body.classList.contains('loading') && document.querySelectorAll(rows).length === n,
      [ROWS, count] as const,
      { timeout: 10_000 },
    );
    expect(await page.locator(ROWS).count()).toBe(count);
  };
  const expectChart = async (count: number) => {
    await page.waitForFunction(
      ([items, n]) => {
        // vis-timeline keeps its chart hidden until its first complete draw.
        const chart = document.querySelector('#timeline .vis-timeline');
        return (
          document.querySelectorAll(items).length === n &&
          chart !== null &&
          getComputedStyle(chart).visibility === 'visible'
        );
      },
      [CHART_ITEMS, count] as const,
      { timeout: 10_000 },
    );
  };

  /** A screenshot once the chart, where the page shows one, has finished its first draw. */
  const shoot = async (name: string) => {
    await page.waitForFunction(() => {
      const chart = document.querySelector<HTMLElement>('#chart');
      if (!chart || chart.hidden) return true;
      const drawn = document.querySelector('#timeline .vis-timeline');
      return drawn !== null && getComputedStyle(drawn).visibility === 'visible';
    });
    await page.screenshot({ path: `${SHOTS}/${name}.png` });
  };

  const newPage = async (viewport = WIDE, from = context) => {
    page = await from.newPage();
    await page.setViewportSize(viewport);
    return watchPage(page, problems, expected);
  };

  const signIn = async () => {
    await signInWithForm(page, `${server.baseUrl}/review`, rita);
    await page.locator('#who').waitFor({ state: 'visible' });
  };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    mailbox = await Mailbox.start();
    ({ env } = testConfig('sqlite', { SMTP_URL: mailbox.url }));
    server = await startProcess(ALL_IN_ONE, env, /listening on/);
    browser = await launchBrowser();
    const created = await runCli(
      ['keys', 'create', '--role', 'reviewer', '--name', 'Rita Reviewer', '--json'],
      env,
    );
    expect(created.code).toBe(0);
    rita = (JSON.parse(created.stdout) as { key: string }).key;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await mailbox?.close();
  });

  beforeEach(async () => {
    problems = [];
    expected = [];
    context = await browser.newContext();
    await newPage();
  });

  afterEach(async () => {
    await context.close();
    expect(problems).toEqual([]);
  });

  it('says next to the input that a date cannot be, asks the server nothing with it, and shows no raw error', async () => {
    const asked: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/timeline?')) asked.push(request.url());
    });
    const status = page.locator('#status');
    // The API refuses the same dates with a 400 naming the field.
    const refused = await fetch(`${server.baseUrl}/api/timeline?from=2019-13`);
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { details: { field: string } } }).error.details.field).toBe(
      'from',
    );

    await page.goto(`${server.baseUrl}/?from=2019-13`);
    await expect(page.locator('#from-error').textContent()).resolves.toBe(
      'There is no month 13: months run from 01 to 12.',
    );
    await expect(page.locator('#from').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(status.textContent()).resolves.toBe('Fix the date marked above to see entries.');
    await expect(page.locator('#empty').isVisible()).resolves.toBe(false);

    await page.locator('#from').fill('2019');
    await page.locator('#to').fill('2019-02-30');
    await page.locator('#to').press('Enter');
    await expect(page.locator('#to-error').textContent()).resolves.toBe(
      'February 2019 has no day 30: it has 28 days.',
    );
    await expect(page.locator('#from-error').isVisible()).resolves.toBe(false);
    await shoot('dates-impossible-1366');

    await page.locator('#from').fill('2020');
    await page.locator('#to').fill('2015');
    await page.locator('#to').press('Enter');
    await expect(page.locator('#to-error').textContent()).resolves.toBe(
      'To (2015) is before From (2020): nothing can match.',
    );
    // Nothing impossible went to the server; the page's text never carries a code or JSON.
    expect(asked.filter((url) => /from=2019-13|to=2019-02-30|from=2020&to=2015/.test(url))).toEqual([]);
    const text = (await page.locator('body').textContent()) ?? '';
    expect(text).not.toMatch(/VALIDATION_FAILED|\{"error"|HTTP_4/);

    // A real range works again, and the marks go.
    await page.locator('#to').fill('2021');
    await page.locator('#to').press('Enter');
    const inRange = await api('from=2020&to=2021');
    await expectRows(inRange.total);
    await expect(page.locator('#to-error').isVisible()).resolves.toBe(false);

    // A hand-edited link with a moment that is not one, and an order that does not exist.
    await page.goto(`${server.baseUrl}/?asOf=garbage&sort=bogus`);
    await expect(page.locator('#filter-error').textContent()).resolves.toBe(
      '“garbage” in the link is not a moment in time, so this is the present timeline.',
    );
    await expectRows((await api('')).total);
    expect(new URL(page.url()).search).toBe('');

    // On a phone the filters open by themselves to show the mark.
    await newPage(NARROW);
    await page.goto(`${server.baseUrl}/?to=2019-00`);
    await expect(page.locator('#to-error').isVisible()).resolves.toBe(true);
    await expect(page.locator('#to-error').textContent()).resolves.toBe(
      'There is no month 00: months run from 01 to 12.',
    );
    await shoot('dates-impossible-390');
  });

  it('fits the chart to the filtered range, keeps ongoing entries in a strip of their own, and cuts no label', async () => {
    const all = await api('');
    const ongoing = all.entries.filter((e) => e.date.precision === 'ongoing');
    expect(ongoing.length).toBeGreaterThan(0);
    const axisYears = async () =>
      (await page.locator('#timeline .vis-time-axis .vis-text').allTextContents())
        .map((text) => /\b(\d{4})\b/.exec(text)?.[1])
        .filter((year): year is string => year !== undefined)
        .map(Number);

    await page.goto(`${server.baseUrl}/`);
    await expectRows(all.total);
    await expectChart(all.total);
    const thisYear = new Date().getUTCFullYear();
    expect(Math.max(...(await axisYears()))).toBeLessThanOrEqual(thisYear + 1);
    // The first lane is the ongoing strip, and it holds the ongoing entries.
    await expect(page.locator('#timeline .lane-label').first().textContent()).resolves.toBe(
      'Ongoing developments',
    );
    expect(await page.locator('#timeline .vis-item.vis-range.precision-ongoing').count()).toBe(
      ongoing.length,
    );
    // Every point's label is inside the chart: none runs off its right edge.
    const cut = await page.evaluate(() => {
      const panel = document.querySelector('#timeline .vis-panel.vis-center')!.getBoundingClientRect();
      return [...document.querySelectorAll('#timeline .vis-item.vis-point, #timeline .vis-item.vis-box')]
        .map((item) => item.getBoundingClientRect())
        .filter((box) => box.right > panel.right + 1 || box.left < panel.left - 1).length;
    });
    expect(cut).toBe(0);
    await shoot('chart-whole-1366');

    await page.goto(`${server.baseUrl}/?from=2015&to=2020`);
    const range = await api('from=2015&to=2020');
    await expectRows(range.total);
    await expectChart(range.total);
    const years = await axisYears();
    expect(Math.min(...years)).toBeGreaterThanOrEqual(2014);
    expect(Math.max(...years)).toBeLessThanOrEqual(2021);
    await shoot('chart-2015-2020-1366');

    // Ongoing developments can leave the chart (the list keeps them).
    await page.locator('#showOngoing').uncheck();
    const bounded = range.entries.filter((e) => e.date.precision !== 'ongoing').length;
    await expectChart(bounded);
    await expectRows(range.total);
    expect(new URL(page.url()).searchParams.get('ongoing')).toBe('hide');
  });

  it('shows a vertical list timeline on a phone, with the filters behind a button and entries on the first screen', async () => {
    const all = await api('');
    await newPage(NARROW);
    await page.goto(`${server.baseUrl}/`);
    await expectRows(all.total);
    await expect(page.locator('#chart').isVisible()).resolves.toBe(false);
    await expect(page.locator('#filters').isVisible()).resolves.toBe(false);
    await expect(page.locator('body').getAttribute('class')).resolves.toMatch(/\blist-timeline\b/);
    const first = await page.locator(ROWS).first().boundingBox();
    expect(first!.y + 80).toBeLessThan(NARROW.height);
    // Years mark the vertical timeline.
    await expect(page.locator(`${ROWS}.year-start`).first().getAttribute('data-year')).resolves.toBe(
      all.entries[0]!.date.start.slice(0, 4),
    );
    // The page is no wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(NARROW.width);
    await shoot('phone-list-390');

    await page.locator('#filters-toggle').click();
    await expect(page.locator('#filters').isVisible()).resolves.toBe(true);
    await expect(page.locator('#filters-toggle').getAttribute('aria-expanded')).resolves.toBe('true');
    await page.locator('#facet-country > summary').click();
    await page.locator('#facet-country input[value="TJ"]').check();
    const tajik = await api('country=TJ');
    await expectRows(tajik.total);
    await expect(page.locator('#filters-count').textContent()).resolves.toBe('(1 on)');
    await shoot('phone-filters-390');
  });

  it('puts the newest first, marks what was recorded since the last visit, and zooms to the recent weeks', async () => {
    await page.goto(`${server.baseUrl}/`);
    await page.locator(ROWS).first().waitFor();
    await page.close();
    // Something new, recorded after that visit, that happened ten days ago.
    const day = new Date(Date.now() - 10 * DAY).toISOString().slice(0, 10);
    const title = `Khorgos crossing closed for joint inspection ${Date.now()}`;
    await approveNew(title, day);
    // And an older entry corrected since.
    const corrected = (await api('')).entries.find((e) => e.date.precision === 'month')!;
    await write(`/api/timeline/${corrected.id}/amend`, {
      summary: `${corrected.title}: figures checked against the source.`,
      reason: 'Figures checked',
    });

    await newPage();
    await page.goto(`${server.baseUrl}/`);
    const all = await api('');
    await expectRows(all.total);
    await expect(page.locator(`${ROWS}.is-new .entry-title a`).allTextContents()).resolves.toEqual([title]);
    await expect(page.locator(`${ROWS} .tag-changed`).count()).resolves.toBe(1);
    await expect(page.locator(`${ROWS}:has(.tag-changed) .entry-title a`).textContent()).resolves.toBe(
      corrected.title,
    );
    await expect(page.locator('#new-since-text').textContent()).resolves.toMatch(
      /^1 new and 1 changed since your last visit \(.+\)\.$/,
    );
    await shoot('new-since-1366');

    for (const sort of ['date-desc', 'recorded-desc'] as const) {
      await page.locator('#sort').selectOption(sort);
      const sorted = await api(`sort=${sort}`);
      // The URL changes and the request starts in one step: then wait for its answer.
      await page.waitForFunction(
        (wanted) =>
          new URL(location.href).searchParams.get('sort') === wanted &&
          !document.body.classList.contains('loading'),
        sort,
      );
      expect(await listTitles()).toEqual(titles(sorted.entries));
      expect(new URL(page.url()).searchParams.get('sort')).toBe(sort);
      await expect(page.locator('.exports a', { hasText: 'CSV' }).getAttribute('href')).resolves.toBe(
        `/api/timeline/export?sort=${sort}&format=csv`,
      );
    }
    expect((await listTitles())[0]).toBe(title);

    // Recent weeks: the chart shows the last six weeks, the new entry inside it.
    await page.locator('#view-recent').click();
    await expect(page.locator('#view-recent').getAttribute('aria-pressed')).resolves.toBe('true');
    expect(new URL(page.url()).searchParams.get('view')).toBe('recent');
    const item = page.locator(`#timeline .item-title[data-id]`, { hasText: title });
    await item.waitFor();
    const inside = await page.evaluate((text) => {
      const panel = document.querySelector('#timeline .vis-panel.vis-center')!.getBoundingClientRect();
      const found = [...document.querySelectorAll('#timeline .item-title')].find(
        (n) => n.textContent === text,
      )!;
      const box = found.closest('.vis-item')!.getBoundingClientRect();
      return box.left >= panel.left && box.right <= panel.right + 1;
    }, title);
    expect(inside).toBe(true);
    // Nothing older than the six weeks is drawn but the ongoing strip.
    const drawn = await page.locator('#timeline .vis-item.vis-point, #timeline .vis-item.vis-box').count();
    expect(drawn).toBe(1);
    await shoot('recent-weeks-1366');

    await page.locator('#mark-seen').click();
    await expect(page.locator(`${ROWS}.is-new`).count()).resolves.toBe(0);
    await expect(page.locator('#new-since').isVisible()).resolves.toBe(false);

    await newPage(NARROW);
    await page.goto(`${server.baseUrl}/?sort=recorded-desc&view=recent`);
    await page.locator(ROWS).first().waitFor();
    await expect(page.locator(`${ROWS} .entry-title a`).first().textContent()).resolves.toBe(title);
    await shoot('recent-weeks-390');
  });

  it('draws the places on a map of the region; a click filters by place, and the map follows the filters', async () => {
    const all = await api('');
    const counted = new Map<string, number>();
    for (const entry of all.entries)
      for (const place of entry.places) counted.set(place.id, (counted.get(place.id) ?? 0) + 1);
    expect(counted.size).toBeGreaterThan(2);
    const [busiest] = [...counted.entries()].sort((a, b) => b[1] - a[1])[0]!;

    await page.goto(`${server.baseUrl}/`);
    await expectRows(all.total);
    await page.locator('#map svg.map-ready').waitFor();
    expect(await page.locator('#map .map-country').count()).toBeGreaterThan(5);
    // Every place in the list under the map; on the map, those inside the region drawn.
    expect(await page.locator('#map-places li').count()).toBe(counted.size);
    const drawnPlaces = await page.locator('#map a.map-place').count();
    expect(drawnPlaces).toBeGreaterThan(2);
    expect(drawnPlaces).toBeLessThanOrEqual(counted.size);
    await expect(
      page.locator(`#map a.map-place[data-place="${busiest}"]`).getAttribute('aria-label'),
    ).resolves.toMatch(new RegExp(`: ${counted.get(busiest)} entr`));
    await page.locator('#map').scrollIntoViewIfNeeded();
    await shoot('map-1366');

    // A real click lands on whatever is drawn on top there: dispatch it on the circle itself.
    await page.locator(`#map a.map-place[data-place="${busiest}"] circle`).dispatchEvent('click');
    const there = await api(`place=${busiest}`);
    await expectRows(there.total);
    expect(await listTitles()).toEqual(titles(there.entries));
    expect(new URL(page.url()).searchParams.get('place')).toBe(busiest);
    await expect(page.locator(`#map a.map-place-selected`).getAttribute('data-place')).resolves.toBe(busiest);
    await expect(page.locator('#facet-place [data-facet-summary]').textContent()).resolves.not.toBe('Any');
    // The export and the feed of this view carry the place.
    await expect(page.locator('#atom-view').getAttribute('href')).resolves.toBe(
      `/feed.atom?place=${busiest}`,
    );

    // The map follows the other filters: only the places the shown entries name.
    await page.goto(`${server.baseUrl}/?country=TM`);
    const turkmen = await api('country=TM');
    await expectRows(turkmen.total);
    const turkmenPlaces = new Set(turkmen.entries.flatMap((e) => e.places.map((p) => p.id)));
    if (turkmenPlaces.size === 0) await expect(page.locator('#map').isVisible()).resolves.toBe(false);
    else expect(await page.locator('#map-places li').count()).toBe(turkmenPlaces.size);

    // On a phone the map follows the list, and the results bar links to it.
    await newPage(NARROW);
    await page.goto(`${server.baseUrl}/`);
    await page.locator('#map svg.map-ready').waitFor();
    await page.locator('#map-jump').click();
    await page.waitForFunction(() => {
      const top = document.querySelector('#map')!.getBoundingClientRect().top;
      return top >= -1 && top < 100;
    });
    await shoot('map-390');
  });

  it('links the Atom feed of this view and exports with every filter and the order', async () => {
    await page.goto(`${server.baseUrl}/?country=TJ&q=border&sort=date-desc&includeRetracted=true`);
    await page.locator(ROWS).first().waitFor();
    const feed = await page.locator('#atom-view').getAttribute('href');
    expect(feed).toBe('/feed.atom?country=TJ&q=border&includeRetracted=true');
    await expect(page.locator('#nav-atom').getAttribute('href')).resolves.toBe(feed);
    const atom = await fetch(`${server.baseUrl}${feed}`);
    expect(atom.status).toBe(200);
    const xml = await atom.text();
    const filtered = await api('country=TJ&q=border');
    expect(xml.match(/<entry>/g)?.length ?? 0).toBeLessThanOrEqual(filtered.total);
    expect(xml.match(/<entry>/g)?.length ?? 0).toBeGreaterThan(0);
    const links = await page
      .locator('.exports a[data-format]')
      .evaluateAll((all) => all.map((a) => a.getAttribute('href')));
    for (const link of links)
      expect(link).toMatch(
        /^\/api\/timeline\/export\?country=TJ&q=border&includeRetracted=true&sort=date-desc&format=\w+$/,
      );
    const csv = await fetch(`${server.baseUrl}${links[1]}`);
    expect(csv.status).toBe(200);
    await shoot('exports-1366');
  });

  it('lists each source once with its quotes, and names people with before → after in the history', async () => {
    const all = await api('');
    const quoted = all.entries.find((e) => e.sources.some((s) => s.quotes.length > 1));
    expect(quoted).toBeDefined();
    const source = quoted!.sources.find((s) => s.quotes.length > 1)!;
    await page.goto(`${server.baseUrl}/?entry=${quoted!.id}`);
    const panel = page.locator('#entry-panel');
    await panel.locator('.history-item').first().waitFor();
    expect(await panel.locator('.source').count()).toBe(quoted!.sources.length);
    await expect(panel.locator('h3', { hasText: 'Sources' }).textContent()).resolves.toBe(
      `Sources (${quoted!.sources.length})`,
    );
    const block = panel.locator('.source', { hasText: source.title });
    await expect(block.locator('.source-quotes-count').textContent()).resolves.toBe(
      `Quoted ${source.quotes.length} times:`,
    );
    expect(await block.locator('.source-quote > p:first-child').allTextContents()).toEqual(
      source.quotes.map((q) => q.text),
    );
    await expect(panel.locator('.history-item').first().textContent()).resolves.toMatch(
      /^Added by Seed import · /,
    );
    await shoot('panel-sources-1366');

    // An approval with an edit: the history shows what the reviewer changed, and links the decision.
    const id = await approveNew(`Border post opened near Horgos ${Date.now()}`, '2026-01-15', {
      title: 'Border post opens at Khorgos',
    });
    await page.goto(`${server.baseUrl}/?entry=${id}`);
    const added = panel.locator('.history-item').first();
    await added.waitFor();
    await expect(added.locator('.history-head').textContent()).resolves.toMatch(/^Added by Rita Reviewer · /);
    await expect(added.locator('.history-subhead').textContent()).resolves.toMatch(
      /Edited by the reviewer when approving/,
    );
    await expect(added.locator('.change-after').first().textContent()).resolves.toBe(
      'Border post opens at Khorgos',
    );
    await expect(added.locator('.change-before').first().textContent()).resolves.toMatch(
      /^Border post opened near Horgos/,
    );
    await expect(added.locator('a.history-candidate').getAttribute('href')).resolves.toMatch(
      /^\/review\?status=approved&candidate=[^&]+$/,
    );
    await shoot('panel-approval-edits-1366');
    await newPage(NARROW);
    await page.goto(`${server.baseUrl}/?entry=${id}`);
    await page.locator('#entry-panel .history-item').first().waitFor();
    await shoot('panel-approval-edits-390');
  });

  it('corrects an entry from its panel when signed in as a reviewer: each field says what is wrong, in plain words', async () => {
    const target = (await api('')).entries.find((e) => e.date.precision === 'year')!;
    // Not signed in: the panel says where to sign in, and changes nothing.
    expected.push([401, '/api/session']);
    await page.goto(`${server.baseUrl}/?entry=${target.id}`);
    await page.locator('#correct-open').click();
    await expect(page.locator('.corrections-signin').textContent()).resolves.toMatch(
      /Corrections are for reviewers and admins\. Sign in on the review page/,
    );

    await signIn();
    await page.goto(`${server.baseUrl}/?entry=${target.id}`);
    await page.locator('#correct-open').click();
    await page.locator('#amend-form').waitFor();
    await expect(page.locator('.corrections-who').textContent()).resolves.toMatch(
      /^Signed in as Rita Reviewer \(reviewer\)/,
    );

    const posted: Request[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST') posted.push(request);
    });
    await page.locator('#c-title').fill('');
    await page.locator('#c-date-start').fill('2019-02-30');
    await page.locator('#c-countries').fill('KZ, XX');
    await page.locator('#amend-form button[type="submit"]').click();
    await expect(page.locator('#c-title-error').textContent()).resolves.toBe('Write a title.');
    await expect(page.locator('#c-date-error').textContent()).resolves.toBe(
      'February 2019 has no day 30: it has 28 days.',
    );
    await expect(page.locator('#c-countries-error').textContent()).resolves.toBe(
      'Not a country code this timeline knows: XX.',
    );
    await expect(page.locator('#c-reason-error').textContent()).resolves.toBe(
      'Say why you are correcting it (3 characters at least).',
    );
    expect(posted).toEqual([]);
    await page.locator('#amend-form').scrollIntoViewIfNeeded();
    await shoot('corrections-errors-1366');

    // What only the server knows is told on its field too: an actor's name is at most 200 characters.
    expected.push([400, `/api/timeline/${target.id}/amend`]);
    await page.locator('#c-title').fill(target.title);
    await page.locator('#c-date-start').fill(target.date.start);
    await page.locator('#c-countries').fill('KZ, CN');
    await page.locator('#c-actors').fill('x'.repeat(201));
    await page.locator('#c-reason').fill('The source names two countries');
    await page.locator('#amend-form button[type="submit"]').click();
    await page.locator('#c-actors-error').waitFor({ state: 'visible' });
    await expect(page.locator('#c-actors-error').textContent()).resolves.toBe(
      'This is too long: 200 characters at most.',
    );

    // A correction that holds: hostile-looking text stays text, and the history shows before → after.
    const title = 'Customs <img src="x" onerror="window.injected = 1"> & <b>border</b> talks';
    await page.locator('#c-actors').fill('');
    await page.locator('#c-title').fill(title);
    await page.locator('#amend-form button[type="submit"]').click();
    const amended = page.locator('#entry-panel .history-item', { hasText: 'Amended' });
    await amended.waitFor();
    await expect(page.locator('#entry-title').textContent()).resolves.toBe(title);
    await expect(amended.locator('.history-head').textContent()).resolves.toMatch(
      /^Amended by Rita Reviewer · /,
    );
    await expect(amended.locator('.history-reason').textContent()).resolves.toBe(
      'Why: The source names two countries',
    );
    const rows = await amended.locator('.history-changes dd').allTextContents();
    expect(rows).toContain(`${target.title} → ${title}`);
    await expect(page.locator('#corrections-done').textContent()).resolves.toMatch(/^Correction saved: /);
    expect(await page.locator('img, b').count()).toBe(0);
    expect(await page.evaluate(() => (window as { injected?: number }).injected)).toBeUndefined();
    expect((await api('')).entries.find((e) => e.id === target.id)?.title).toBe(title);
    await shoot('corrections-amended-1366');

    // Retract, with a reason.
    await page.locator('#correct-open').click();
    await page.locator('#retract-form').waitFor();
    await page.locator('#retract-form button[type="submit"]').click();
    await expect(page.locator('#c-retract-reason-error').textContent()).resolves.toBe(
      'Say why it is withdrawn (3 characters at least).',
    );
    await page.locator('#c-retract-reason').fill('Duplicate of a better-sourced entry');
    await page.locator('#retract-form button[type="submit"]').click();
    await expect(page.locator('#entry-panel .retraction').textContent()).resolves.toMatch(
      /by Rita Reviewer: Duplicate of a better-sourced entry$/,
    );
    expect((await api('')).entries.map((e) => e.id)).not.toContain(target.id);

    const phone = await newPage(NARROW);
    await phone.goto(`${server.baseUrl}/?entry=${target.id}&includeRetracted=true`);
    await phone.locator('#correct-open').click();
    await phone.locator('#amend-form').waitFor();
    await phone.locator('#c-title').fill('');
    await phone.locator('#amend-form button[type="submit"]').click();
    await phone.locator('#c-title-error').waitFor();
    await shoot('corrections-390');
  });

  it('scrubs through recorded history with a slider, asking the server once the hand rests', async () => {
    const recorded = await api('includeRetracted=true&sort=recorded-desc');
    const moments = [
      ...new Set(
        recorded.entries.flatMap((e) => [e.recordedAt, e.updatedAt].map((t) => new Date(t).toISOString())),
      ),
    ].sort();
    await page.goto(`${server.baseUrl}/`);
    await page.locator(ROWS).first().waitFor();
    const slider = page.locator('#asOf-slider');
    await page.waitForFunction(
      (n) => Number(document.querySelector<HTMLInputElement>('#asOf-slider')!.max) >= n,
      moments.length,
    );
    await expect(page.locator('#asOf-slider-text').textContent()).resolves.toBe('The present');

    const asked: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/timeline?') && request.url().includes('asOf='))
        asked.push(request.url());
    });
    expect(moments.length).toBeGreaterThanOrEqual(3);
    await slider.focus();
    // Four steps in quick succession, ending on the second moment recorded.
    for (const key of ['Home', 'ArrowRight', 'ArrowRight', 'ArrowLeft']) await page.keyboard.press(key);
    const moment = moments[1]!;
    await page.waitForFunction((iso) => new URL(location.href).searchParams.get('asOf') === iso, moment);
    const then = await api(`asOf=${encodeURIComponent(moment)}`);
    await expectRows(then.total);
    // Four steps, one question.
    expect(asked).toHaveLength(1);
    await expect(page.locator('#asof-notice').isVisible()).resolves.toBe(true);
    await expect(page.locator('#asOf-slider-text').textContent()).resolves.toMatch(
      /^As recorded on .+ \(change 2 of \d+\)$/,
    );
    await shoot('slider-1366');

    await page.keyboard.press('End');
    await page.waitForFunction(() => !new URL(location.href).searchParams.has('asOf'));
    await expectRows((await api('')).total);

    await newPage(NARROW);
    await page.goto(`${server.baseUrl}/?asOf=${encodeURIComponent(moment)}`);
    await page.locator(ROWS).first().waitFor();
    await page.locator('#filters-toggle').click();
    await page.locator('#asOf-slider').scrollIntoViewIfNeeded();
    await shoot('slider-390');
  });

  it('answers an unknown page in a browser with an HTML 404 and a way back; API clients keep JSON', async () => {
    expected.push([404, '/nope'], [404, '/entries/no%20such%20entry!']);
    const response = await page.goto(`${server.baseUrl}/nope`);
    expect(response?.status()).toBe(404);
    expect(response?.headers()['content-type']).toMatch(/^text\/html/);
    expect(response?.headers()['content-security-policy']).toMatch(/script-src 'self'/);
    await expect(page.locator('h1').textContent()).resolves.toBe('There is no page at this address');
    await shoot('not-found-1366');
    await page.locator('a.not-found-home').click();
    await page.waitForURL(`${server.baseUrl}/`);
    await page.locator(ROWS).first().waitFor();

    for (const [path, accept] of [
      ['/api/nope', 'text/html,application/xhtml+xml,*/*;q=0.8'],
      ['/api/nope', 'application/json'],
      ['/nope', 'application/json'],
      ['/nope', '*/*'],
    ] as const) {
      const answer = await fetch(`${server.baseUrl}${path}`, { headers: { Accept: accept } });
      expect([path, accept, answer.status, answer.headers.get('content-type')]).toEqual([
        path,
        accept,
        404,
        expect.stringMatching(/^application\/json/),
      ]);
      expect(((await answer.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    }

    await newPage(NARROW);
    await page.goto(`${server.baseUrl}/entries/no such entry!`);
    await expect(page.locator('h1').textContent()).resolves.toBe('There is no page at this address');
    await shoot('not-found-390');
  });

  it("signs up for alerts with the page's filters and its search words", async () => {
    await page.goto(
      `${server.baseUrl}/?country=TJ&category=border-security&q=${encodeURIComponent('patrol "joint exercise"')}`,
    );
    // Nothing on the timeline matches yet: alerts are for what comes.
    await expectRows(0);
    await expect(page.locator('#alert-follows').textContent()).resolves.toBe(
      'new entries about Tajikistan, in Border security, with the words “patrol”, “joint exercise”',
    );
    await page.locator('#alert-email').fill('analyst@example.org');
    const [request] = await Promise.all([
      page.waitForRequest((r) => r.url().endsWith('/api/subscriptions/email')),
      page.locator('#alert-form button[type="submit"]').click(),
    ]);
    expect(request.postDataJSON()).toEqual({
      email: 'analyst@example.org',
      filters: {
        countries: ['TJ'],
        categories: ['border-security'],
        actors: [],
        keywords: ['patrol', 'joint exercise'],
      },
      mode: 'instant',
    });
    await page.locator('#alert-result', { hasText: /^Check your inbox/ }).waitFor();
    await page.locator('#alerts').scrollIntoViewIfNeeded();
    await shoot('alerts-1366');
    await newPage(NARROW);
    await page.goto(`${server.baseUrl}/?place=khorgos&q=border`);
    await page.locator('#alerts').scrollIntoViewIfNeeded();
    await expect(page.locator('#alert-ignored').textContent()).resolves.toMatch(
      /^Alerts do not filter by places \(.+\)\.$/,
    );
    await shoot('alerts-390');
  });
});
