import { mkdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';

import { ApiKeyService, AuthModule } from '@app/auth';
import { EventStore } from '@app/event-store';
import { ReviewModule } from '@app/review';
import { CoreModule } from '@app/runtime';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Browser, BrowserContext, Page } from 'playwright-core';

import { type RunningProcess, startProcess, testConfig } from '../support';
import {
  CANDIDATE_ROWS as ROWS,
  expectRows,
  expectShown,
  keyedApi,
  type KeyedApi,
  launchBrowser,
  signedInContext,
  watchPage,
} from '../support/browser';
import { proposeCandidate } from '../support/candidate-builder';

// Deciding safely on /review, in Chromium at a laptop's and a phone's size: the borderline tray,
// the reason vocabulary, undo, the confirmation above the next candidate, the live queue with kept
// edits, outlets always named, and a propose form that says what is wrong with each field.
jest.setTimeout(120_000);

const SHOTS = '/tmp/shots/review-admin';
const LAPTOP = { width: 1366, height: 800 };
const PHONE = { width: 390, height: 844 };

interface Candidate {
  id: string;
  status: string;
  decision: null | { kind: string; reasonCode?: string; entryId?: string };
}

describe('deciding safely on /review', () => {
  let server: RunningProcess;
  let writer: INestApplicationContext;
  let events: EventStore;
  let browser: Browser;
  let rita: string;
  let alice: string;
  let api: KeyedApi;
  let contexts: BrowserContext[];
  let problems: string[];

  const candidate = (id: string) => api<Candidate>('GET', `/api/review/candidates/${id}`);
  const token = () => `qz${randomBytes(4).toString('hex')}`;
  const propose = async (word: string, title: string, over: Parameters<typeof proposeCandidate>[1] = {}) =>
    (
      await proposeCandidate(events, {
        ...over,
        item: { title: `${title} ${word}`, ...over.item },
        proposed: { title: `${title} ${word}`, ...over.proposed },
      })
    ).candidateId;

  /** A browser signed in as this reviewer (through the API, which sets the page's cookie). */
  async function pageFor(key: string, viewport: { width: number; height: number }): Promise<Page> {
    const context = await signedInContext(browser, server.baseUrl, key, viewport);
    contexts.push(context);
    return watchPage(await context.newPage(), problems);
  }
  const openQueue = async (page: Page, query: string, rows: number) => {
    await page.goto(`${server.baseUrl}/review?${query}`);
    await expectRows(page, rows);
  };
  const inView = (page: Page, selector: string) =>
    page.locator(selector).evaluate((el) => {
      const box = el.getBoundingClientRect();
      return box.top >= 0 && box.bottom <= window.innerHeight && box.height > 0;
    });

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const test = testConfig('sqlite', { UNDO_WINDOW: '20s' });
    server = await startProcess('dist/apps/all-in-one/src/main.js', test.env, /listening on/, 60_000);
    writer = await NestFactory.createApplicationContext(
      CoreModule.forRoot(test.config, { migrate: false, redis: false }, [ReviewModule, AuthModule]),
      { logger: ['error'] },
    );
    events = writer.get(EventStore);
    const keys = writer.get(ApiKeyService);
    rita = (await keys.create({ role: 'reviewer', name: 'rita' })).key;
    alice = (await keys.create({ role: 'reviewer', name: 'alice' })).key;
    api = keyedApi(server.baseUrl, rita);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await writer?.close();
    await server?.stop();
  });
  beforeEach(() => {
    contexts = [];
    problems = [];
  });
  afterEach(async () => {
    for (const context of contexts) await context.close();
    expect(problems).toEqual([]);
  });

  it('the borderline tray is its own list; promoting moves an item into the queue', async () => {
    const word = token();
    const id = await propose(word, 'SCO ministers discuss Afghan border', {
      relevance: { score: 2.2, threshold: 2.5, relevant: false, verdict: 'borderline' },
    });
    const page = await pageFor(rita, LAPTOP);
    await openQueue(page, `q=${word}`, 0);
    await openQueue(page, `status=borderline&q=${word}`, 1);
    await expectShown(page, `SCO ministers discuss Afghan border ${word}`);
    await expect(page.locator('#promote').isVisible()).resolves.toBe(true);
    await page.screenshot({ path: `${SHOTS}/review-tray-laptop.png` });
    await page.keyboard.press('p');
    await page.locator('#decision-flash', { hasText: 'Promoted' }).waitFor();
    expect((await candidate(id)).status).toBe('pending');
    await openQueue(page, `q=${word}`, 1);
  });

  it('rejects with a reason from the vocabulary; the confirmation and the next candidate are in view; undo brings it back', async () => {
    const word = token();
    const first = await propose(word, 'China and Kazakhstan expand rail freight', {
      relevance: { score: 9 },
    });
    await propose(word, 'Kyrgyz and Chinese police train together', { relevance: { score: 5 } });
    const page = await pageFor(rita, LAPTOP);
    await openQueue(page, `q=${word}`, 2);
    await expectShown(page, `China and Kazakhstan expand rail freight ${word}`);
    // Deep in the form, as a reviewer is when they decide.
    await page.locator('#e-actors').scrollIntoViewIfNeeded();
    await page.keyboard.press('r');
    const options = await page.locator('#reject-code option').allTextContents();
    expect(options).toContain('Trade, energy or transport only: no security angle');
    await page.locator('#reject-code').selectOption('trade-only');
    await page.locator('#reject').click();
    await page.locator('#decision-flash', { hasText: 'Rejected' }).waitFor();
    await expectShown(page, `Kyrgyz and Chinese police train together ${word}`);
    await page.waitForTimeout(300);
    await expect(inView(page, '#decision-flash')).resolves.toBe(true);
    await expect(inView(page, '#c-title')).resolves.toBe(true);
    await page.screenshot({ path: `${SHOTS}/review-after-reject-laptop.png` });
    expect((await candidate(first)).decision).toMatchObject({ kind: 'rejected', reasonCode: 'trade-only' });

    await page.keyboard.press('u');
    await page.locator('#decision-flash', { hasText: 'Undone' }).waitFor();
    expect((await candidate(first)).status).toBe('pending');
    await expectShown(page, `China and Kazakhstan expand rail freight ${word}`);
  });

  it('updates itself when another reviewer decides, and keeps the edits that lost with “apply as an amendment”', async () => {
    const word = token();
    const id = await propose(word, 'Tajik and Chinese border guards meet');
    const page = await pageFor(alice, LAPTOP);
    await openQueue(page, `q=${word}`, 1);
    await expectShown(page, `Tajik and Chinese border guards meet ${word}`);
    await page.locator('#e-summary').fill('Border commanders of both countries met at the Kulma pass.');
    // Let the page's event stream settle before the other reviewer acts.
    await page.waitForTimeout(1_500);
    const approved = await api<{ entry: { id: string } }>(
      'POST',
      `/api/review/candidates/${id}/approve`,
      {},
      rita,
    );

    await page
      .locator('#decision-notice', { hasText: 'Already approved by rita' })
      .waitFor({ timeout: 10_000 });
    await page.locator('#amend-form').waitFor({ state: 'visible' });
    await expect(page.locator('#e-summary').inputValue()).resolves.toBe(
      'Border commanders of both countries met at the Kulma pass.',
    );
    await page.screenshot({ path: `${SHOTS}/review-kept-edits-laptop.png`, fullPage: true });
    await page.locator('#amend-reason').fill('Adds where they met');
    await page.locator('#amend-apply').click();
    await page.locator('#decision-flash', { hasText: 'Amended' }).waitFor();
    const { entry } = await api<{ entry: { summary: string } }>('GET', `/api/timeline/${approved.entry.id}`);
    expect(entry.summary).toBe('Border commanders of both countries met at the Kulma pass.');
  });

  it('merges a Russian report into the queued English one, then reopens the merged one with a reason', async () => {
    const word = token();
    const english = await propose(word, 'China and Tajikistan hold joint border drills', {
      proposed: { countries: ['CN', 'TJ'], date: { start: '2026-03-04', precision: 'day' } },
      relevance: { score: 9 },
    });
    const russian = await propose(word, 'Китай и Таджикистан провели учения', {
      item: { language: 'ru', feedTitle: 'Asia-Plus' },
      proposed: { countries: ['TJ', 'CN'], date: { start: '2026-03-05', precision: 'day' } },
      relevance: { score: 4 },
    });
    const page = await pageFor(rita, LAPTOP);
    await openQueue(page, `q=${word}&candidate=${russian}`, 2);
    await expectShown(page, `Китай и Таджикистан провели учения ${word}`);
    await page.keyboard.press('m');
    await page.locator('#merge-q').fill(word);
    const option = page.locator('.merge-option', {
      hasText: 'China and Tajikistan hold joint border drills',
    });
    await option.click();
    await expect(page.locator('#merge-choice').textContent()).resolves.toMatch(
      /^Merge into the queued item: /,
    );
    await expect(option.textContent()).resolves.toMatch(/Queued item.*Shares countries/);
    await page.screenshot({ path: `${SHOTS}/review-merge-candidate-laptop.png` });
    await page.locator('#merge').click();
    await page.locator('#decision-flash', { hasText: 'Merged' }).waitFor();
    expect((await candidate(russian)).decision).toMatchObject({ kind: 'merged', intoCandidateId: english });

    await page.goto(`${server.baseUrl}/review?status=merged&q=${word}&candidate=${russian}`);
    await expectShown(page, `Китай и Таджикистан провели учения ${word}`);
    await page.locator('#reopen').click();
    await page.locator('#reopen-reason-error', { hasText: 'Say why' }).waitFor();
    await page.locator('#reopen-reason').fill('A different exercise, a day later');
    await page.locator('#reopen').click();
    await page.locator('#decision-flash', { hasText: 'Reopened' }).waitFor();
    expect((await candidate(russian)).status).toBe('pending');
  });

  it('names the outlet of an item whose feed has no title, and tells hand proposals apart', async () => {
    const word = token();
    await propose(word, 'Uzbek and Chinese troops hold drills', {
      item: { feedTitle: null, link: 'https://www.rferl.org/a/drills/1.html' },
      relevance: { score: 8 },
    });
    const page = await pageFor(rita, LAPTOP);
    await openQueue(page, `q=${word}`, 1);
    await expect(page.locator(`${ROWS} .row-feed`).first().textContent()).resolves.toBe('From rferl.org');
    await expectShown(page, `Uzbek and Chinese troops hold drills ${word}`);
    await expect(page.locator('#c-byline').textContent()).resolves.toContain('From rferl.org');
  });

  it('the propose form says what is wrong with each field, in plain words', async () => {
    const page = await pageFor(rita, LAPTOP);
    await openQueue(page, `q=${token()}`, 0);
    await page.locator('#propose-open').click();
    await page.locator('#propose-submit').click();
    const errors = await page.locator('#propose-form .field-error:not([hidden])').allTextContents();
    expect(errors).toEqual(
      expect.arrayContaining([
        'Name the source: its headline or the document’s title.',
        'Give the entry a title: what happened, in a line.',
        'Write a sentence or two on what happened.',
        'Say when it happened: a year, a month or a day.',
        'Tick at least one country.',
        'Tick at least one category.',
      ]),
    );
    expect(errors.join(' ')).not.toMatch(/Too small|expected/);
    await page.screenshot({ path: `${SHOTS}/review-propose-errors-laptop.png` });
  });

  it('on a phone, tapping a candidate shows it from its top, its title clear of the sticky bar', async () => {
    const word = token();
    for (const title of [
      'Chinese drones for Kyrgyz border',
      'SCO RATS meets in Tashkent',
      'China trains Tajik police',
    ])
      await propose(word, title);
    const page = await pageFor(rita, PHONE);
    await openQueue(page, `q=${word}`, 3);
    await page
      .locator(ROWS)
      .nth(2)
      .tap()
      .catch(() => page.locator(ROWS).nth(2).click());
    const title = await page.locator(`${ROWS} .row-title`).nth(2).textContent();
    await expectShown(page, title!);
    await page.waitForTimeout(400);
    await expect(inView(page, '#c-title')).resolves.toBe(true);
    const [titleBox, barBox] = await Promise.all([
      page.locator('#c-title').boundingBox(),
      page.locator('.decide').boundingBox(),
    ]);
    expect(titleBox!.y + titleBox!.height).toBeLessThanOrEqual(barBox!.y);
    await page.screenshot({ path: `${SHOTS}/review-tap-phone.png` });

    await page.locator('#approve').click();
    await page.locator('#decision-flash', { hasText: 'Approved' }).waitFor();
    await page.waitForTimeout(400);
    await expect(inView(page, '#decision-flash')).resolves.toBe(true);
    await page.screenshot({ path: `${SHOTS}/review-after-approve-phone.png` });
  });

  it('on a phone, the filters and the propose button wait behind one button that opens them', async () => {
    const word = token();
    await propose(word, 'China and Uzbekistan hold a border security drill');
    const page = await pageFor(rita, PHONE);
    await openQueue(page, `q=${word}`, 1);
    const toggle = page.getByRole('button', { name: 'Filters and proposing' });
    await expect(page.locator('#filters').isVisible()).resolves.toBe(false);
    await expect(toggle.getAttribute('aria-expanded')).resolves.toBe('false');

    await toggle.click();
    await expect(page.locator('#filters').isVisible()).resolves.toBe(true);
    await expect(toggle.getAttribute('aria-expanded')).resolves.toBe('true');
    await page.screenshot({ path: `${SHOTS}/review-filters-phone.png` });
    await page.getByRole('button', { name: 'Propose an entry…' }).click();
    await expect(page.locator('#propose-dialog').isVisible()).resolves.toBe(true);
  });

  it('on a laptop, the filters show without the phone button', async () => {
    const page = await pageFor(rita, LAPTOP);
    await openQueue(page, `q=${token()}`, 0);
    await expect(page.locator('#filters').isVisible()).resolves.toBe(true);
    await expect(page.locator('#filters-toggle').isVisible()).resolves.toBe(false);
  });
});
