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
  expectText,
  keyedApi,
  type KeyedApi,
  launchBrowser,
  signedInContext,
  watchPage,
} from '../support/browser';
import { corroborateCandidate, proposeCandidate } from '../support/candidate-builder';

// Drives the built all-in-one process (`node scripts/build.mjs` first, as `npm test` does) in
// Debian's headless Chromium, as a reviewer works the queue. Candidates are appended to the log
// the way ingest writes them, from a second Nest context on the same database.
jest.setTimeout(120_000);

const ALL_IN_ONE = 'dist/apps/all-in-one/src/main.js';

interface Decision {
  kind: string;
  by: { keyId: string; name: string };
  at: string;
  reason?: string;
  entryId?: string;
}
interface Candidate {
  id: string;
  status: string;
  decision: Decision | null;
  proposed: { title: string };
  history: Array<{ type: string; edits?: Record<string, unknown> }>;
}
interface Entry {
  id: string;
  title: string;
  sources: Array<{ title: string }>;
}

describe('the review page at /review', () => {
  let server: RunningProcess;
  let writer: INestApplicationContext;
  let events: EventStore;
  let browser: Browser;
  /** A browser already signed in as rita, shared by the tests that are not about signing in. */
  let signedIn: BrowserContext;
  let rita: string;
  let api: KeyedApi;
  let alice: string;
  let page: Page;
  let problems: string[];
  /** Browsers of a test's own (signing in and out), closed after it. */
  let contexts: BrowserContext[];
  /** Failed responses a test expects (status and a part of the URL): not problems. */
  let expected: Array<[number, string]>;

  const createKey = async (role: 'reviewer', name: string) =>
    (await writer.get(ApiKeyService).create({ role, name })).key;

  const candidate = (id: string) => api<Candidate>('GET', `/api/review/candidates/${id}`);

  /** A word no other test's candidates contain, to narrow the shared queue to one test's own. */
  const token = () => `qz${randomBytes(4).toString('hex')}`;

  /** Candidates as ingest proposes them, with the token in their titles and a score of their own. */
  const propose = async (
    word: string,
    specs: Array<{ title: string; score?: number; [k: string]: unknown }>,
  ) => {
    const ids: string[] = [];
    for (const spec of specs) {
      const { title, score = 6.5, ...item } = spec;
      const { candidateId } = await proposeCandidate(events, {
        item: { title: `${title} ${word}`, ...item },
        relevance: { score },
        proposed: { title: `${title} ${word}` },
      });
      ids.push(candidateId);
    }
    return ids;
  };

  const openQueue = async (word: string, rows: number) => {
    await page.goto(`${server.baseUrl}/review?q=${word}`);
    await expectRows(page, rows);
  };

  const rowTitles = () => page.locator(`${ROWS} .row-title`).allTextContents();

  beforeAll(async () => {
    const test = testConfig('sqlite');
    server = await startProcess(ALL_IN_ONE, test.env, /listening on/, 60_000);
    // Keys are made through ApiKeyService here, as an admin's CLI would, without a process each.
    writer = await NestFactory.createApplicationContext(
      CoreModule.forRoot(test.config, { migrate: false, redis: false }, [ReviewModule, AuthModule]),
      { logger: ['error'] },
    );
    events = writer.get(EventStore);
    [rita, alice] = [await createKey('reviewer', 'rita'), await createKey('reviewer', 'alice')];
    api = keyedApi(server.baseUrl, rita);
    browser = await launchBrowser();
    // One sign-in for them all.
    signedIn = await signedInContext(browser, server.baseUrl, rita, { width: 1440, height: 1000 });
  });

  afterAll(async () => {
    await browser?.close();
    await writer?.close();
    await server?.stop();
  });

  const watch = (target: Page) => watchPage(target, problems, expected);

  beforeEach(async () => {
    problems = [];
    expected = [];
    contexts = [];
    page = await signedIn.newPage();
    watch(page);
  });

  afterEach(async () => {
    await page.close();
    for (const context of contexts) await context.close();
    expect(problems).toEqual([]);
  });

  it('signs in with a reviewer key, then shows the queue by score with the evidence and the matched terms', async () => {
    const word = token();
    const [high, low] = await propose(word, [
      { title: 'China and Tajikistan hold joint border drills', score: 8.5 },
      { title: 'China pledges border posts for Tajikistan', score: 4, publishedAtEstimated: true },
    ]);
    await corroborateCandidate(events, high!, { title: `Tajik and Chinese troops train together ${word}` });
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    contexts.push(context);
    await page.close();
    const fresh = await context.newPage();
    page = fresh;
    watch(fresh);
    expected.push([401, '/api/session']);

    const response = await fresh.goto(`${server.baseUrl}/review?q=${word}`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toMatch(/script-src 'self';/);
    expect(response?.headers()['content-security-policy']).toMatch(/style-src 'self';/);
    const html = (await response?.text()) ?? '';
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)/);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    await fresh.locator('#signin-key').waitFor({ state: 'visible' });
    await expect(fresh.locator('#review-view').isVisible()).resolves.toBe(false);
    await fresh.screenshot({ path: '/tmp/review-signin.png' });

    await fresh.locator('#signin-key').fill('tlk_not_a_real_key');
    await fresh.locator('#signin-submit').click();
    await expectText(page, '#signin-error', /not accepted/);

    await fresh.locator('#signin-key').fill(rita);
    await fresh.getByRole('button', { name: 'Sign in' }).click();
    await fresh.locator('#who-text').waitFor({ state: 'visible' });
    await expect(fresh.locator('#who-text').textContent()).resolves.toBe('Signed in as rita (reviewer)');
    await expect(fresh.locator('#signin-key').inputValue()).resolves.toBe('');
    const cookie = (await context.cookies()).find((c) => c.name === 'timeline_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    await expect(fresh.evaluate(() => document.cookie)).resolves.not.toContain('timeline_session');

    await expectRows(page, 2);
    expect(await rowTitles()).toEqual([
      `China and Tajikistan hold joint border drills ${word}`,
      `China pledges border posts for Tajikistan ${word}`,
    ]);
    await expectShown(page, `China and Tajikistan hold joint border drills ${word}`);
    await expect(fresh.locator(`${ROWS}.selected`).getAttribute('data-id')).resolves.toBe(high);
    await expect(fresh.locator('#queue-status').textContent()).resolves.toBe('2 pending candidates.');

    // The evidence, with every matched term marked in the title and the excerpt.
    expect(await fresh.locator('#c-title mark').allTextContents()).toEqual(['China', 'Tajikistan', 'border']);
    expect(await fresh.locator('#c-excerpt mark').allTextContents()).toEqual(['border']);
    await expect(fresh.locator('#c-byline').textContent()).resolves.toMatch(/From Eurasianet.*Published/);
    await expect(fresh.locator('#c-byline .estimated').count()).resolves.toBe(0);
    const link = fresh.locator('#c-source-link a');
    await expect(link.getAttribute('href')).resolves.toMatch(/^https:\/\/eurasianet\.org\//);
    await expect(link.getAttribute('rel')).resolves.toBe('noopener noreferrer');
    await expect(fresh.locator('#c-corroborations .corroboration-title').allTextContents()).resolves.toEqual([
      `Tajik and Chinese troops train together ${word}`,
    ]);
    await expect(fresh.locator('#c-corroborations').textContent()).resolves.toMatch(/AKIpress/);
    await expect(fresh.locator('#c-score').textContent()).resolves.toBe('Score 8.5 (needs 3)');
    await expect(fresh.locator('#c-explanation').textContent()).resolves.toMatch(/security term/);
    expect(await fresh.locator('#c-terms-body tr').count()).toBe(3);
    // The proposed fields, ready to edit.
    await expect(fresh.locator('#e-title').inputValue()).resolves.toBe(
      `China and Tajikistan hold joint border drills ${word}`,
    );
    await expect(fresh.locator('#e-date-precision').inputValue()).resolves.toBe('day');
    await expect(fresh.locator('#e-countries input[value="TJ"]').isChecked()).resolves.toBe(true);
    await expect(fresh.locator('#e-countries input[value="KZ"]').isChecked()).resolves.toBe(false);
    await expect(fresh.locator('#e-categories input[value="border-security"]').isChecked()).resolves.toBe(
      true,
    );
    await expect(fresh.locator('#e-actors').inputValue()).resolves.toBe('Border Troops of Tajikistan');
    await fresh.screenshot({ path: '/tmp/review-queue.png' });
    await fresh.screenshot({ path: '/tmp/review-queue-full.png', fullPage: true });

    // The other one's date was estimated (the feed gave none): the page says so.
    await fresh.locator(`${ROWS}[data-id="${low}"]`).click();
    await expectShown(page, `China pledges border posts for Tajikistan ${word}`);
    await expect(fresh.locator('#c-byline .estimated').textContent()).resolves.toBe('date estimated');
    await expect(fresh.locator(`${ROWS}[data-id="${low}"] .row-date`).textContent()).resolves.toMatch(/^≈ /);
  });

  it('approves with an edited title, sending only that edit; the entry is on the timeline page with it', async () => {
    const word = token();
    const [id] = await propose(word, [{ title: 'Kazakhstan and China sign a border security protocol' }]);
    const edited = `Kazakhstan and China agree on joint border patrols ${word}`;
    await openQueue(word, 1);
    await expectShown(page, `Kazakhstan and China sign a border security protocol ${word}`);

    await page.locator('#e-title').fill(edited);
    await page.getByRole('button', { name: /^Approve/ }).click();

    await expectRows(page, 0);
    await expectText(page, '#decision-flash', new RegExp(`^Approved: “${edited}” is on the timeline\\.`));
    await expect(page.locator('#queue-empty').isVisible()).resolves.toBe(true);
    await page.screenshot({ path: '/tmp/review-approved.png' });
    const approved = await candidate(id!);
    expect(approved.status).toBe('approved');
    expect(approved.decision).toMatchObject({ kind: 'approved', by: { name: 'rita' } });
    expect(approved.history.at(-1)).toMatchObject({
      type: 'CandidateApproved',
      edits: { title: { after: edited } },
    });
    expect(Object.keys(approved.history.at(-1)!.edits!)).toEqual(['title']);
    const entryId = approved.decision!.entryId!;
    const { entry } = await api<{ entry: Entry }>('GET', `/api/timeline/${entryId}`);
    expect(entry.title).toBe(edited);

    // The flash links to the entry; the timeline page shows it, in the list and in its panel.
    await page.locator('#decision-flash a').first().click();
    await page.waitForURL(`${server.baseUrl}/?entry=${entryId}`);
    await page.locator('#entry-panel .history-item').first().waitFor();
    await expect(page.locator('#entry-title').textContent()).resolves.toBe(edited);
    await expect(page.locator('#entry-list .entry-title').allTextContents()).resolves.toContain(edited);
  });

  it('rejects with a reason: the candidate leaves the queue, the next opens, and the API has the reason', async () => {
    const word = token();
    const [first, second] = await propose(word, [
      { title: 'China and Tajikistan discuss a police academy', score: 7 },
      { title: 'Tajikistan receives Chinese border vehicles', score: 6 },
    ]);
    await openQueue(word, 2);
    await expectShown(page, `China and Tajikistan discuss a police academy ${word}`);

    await page.getByRole('button', { name: /^Reject/ }).click();
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('reject-reason');
    // No reason: the page asks for one, next to the field, and sends nothing.
    await page.locator('#reject').click();
    await expectText(page, '#reject-code-error', /^Choose a reason, or say why/);
    // Too short for the API: its 400 names the field, and the page shows it there.
    expected.push([400, `/api/review/candidates/${first}/reject`]);
    await page.locator('#reject-reason').fill('no');
    await page.locator('#reject').click();
    await expectText(page, '#reject-reason-error', /reason: must say why/);
    await expect(page.locator('#reject-reason').getAttribute('aria-invalid')).resolves.toBe('true');
    await page.screenshot({ path: '/tmp/review-reject-error.png' });

    await page.locator('#reject-reason').fill('An announcement, not an agreement');
    await page.locator('#reject').click();

    await expectRows(page, 1);
    await expectShown(page, `Tajikistan receives Chinese border vehicles ${word}`);
    expect(await rowTitles()).toEqual([`Tajikistan receives Chinese border vehicles ${word}`]);
    await expect(page.locator(`${ROWS}.selected`).getAttribute('data-id')).resolves.toBe(second);
    await expectText(page, '#decision-flash', /^Rejected: /);
    const rejected = await candidate(first!);
    expect(rejected.status).toBe('rejected');
    expect(rejected.decision).toMatchObject({
      kind: 'rejected',
      reason: 'An announcement, not an agreement',
      by: { name: 'rita' },
    });

    // The rejected one is under "Rejected", with the reason.
    await page.locator('#f-status').selectOption('rejected');
    await expectRows(page, 1);
    await expectShown(page, `China and Tajikistan discuss a police academy ${word}`);
    await expectText(
      page,
      '#decision-notice',
      /^Rejected by rita at .*Reason: An announcement, not an agreement/,
    );
    await expect(page.locator('.decide').isVisible()).resolves.toBe(false);
    expect(new URL(page.url()).searchParams.get('status')).toBe('rejected');
  });

  it('merges a candidate into an existing entry found by text search', async () => {
    const word = token();
    const [id] = await propose(word, [{ title: 'China to fund Tajik border outposts' }]);
    const { entries } = await api<{ entries: Entry[] }>('GET', '/api/timeline?q=Tajikistan&limit=5');
    const target = entries[0]!;
    await openQueue(word, 1);
    await expectShown(page, `China to fund Tajik border outposts ${word}`);

    await page.keyboard.press('m');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('merge-q');
    await page.locator('#merge-q').fill('Tajikistan');
    const option = page.locator('.merge-option', { hasText: target.title });
    await option.click();
    await expect(option.getAttribute('aria-pressed')).resolves.toBe('true');
    await expect(page.locator('#merge-choice').textContent()).resolves.toBe(
      `Merge into the entry: ${target.title}`,
    );
    await page.screenshot({ path: '/tmp/review-merge.png' });
    await page.locator('#merge').click();

    await expectRows(page, 0);
    await expectText(page, '#decision-flash', /^Merged: /);
    const merged = await candidate(id!);
    expect(merged.decision).toMatchObject({ kind: 'merged', entryId: target.id });
    const after = await api<{ entry: Entry }>('GET', `/api/timeline/${target.id}`);
    expect(after.entry.sources.map((s) => s.title)).toContain(`China to fund Tajik border outposts ${word}`);
  });

  it('works by keyboard: j/k move, a approves and opens the next, r and e focus their fields, ? lists the keys', async () => {
    const word = token();
    const titles = [
      'Uzbek and Chinese police sign a plan',
      'China trains Kyrgyz border guards',
      'SCO drill in Kazakhstan',
    ];
    const ids = await propose(
      word,
      titles.map((title, i) => ({ title, score: 9 - i })),
    );
    const full = titles.map((t) => `${t} ${word}`);
    await openQueue(word, 3);
    await expectShown(page, full[0]!);

    await page.keyboard.press('j');
    await expectShown(page, full[1]!);
    await expect(page.evaluate(() => document.activeElement?.getAttribute('data-id'))).resolves.toBe(ids[1]);
    await page.keyboard.press('j');
    await expectShown(page, full[2]!);
    await page.keyboard.press('j'); // the last stays the last
    await expectShown(page, full[2]!);
    await page.keyboard.press('k');
    await expectShown(page, full[1]!);
    expect(new URL(page.url()).searchParams.get('candidate')).toBe(ids[1]);

    await page.keyboard.press('a');
    await expectRows(page, 2);
    await expectShown(page, full[2]!);
    expect((await candidate(ids[1]!)).status).toBe('approved');
    expect(await rowTitles()).toEqual([full[0], full[2]]);

    // While typing, letters are letters.
    await page.keyboard.press('r');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('reject-reason');
    await page.keyboard.type('just a joke');
    await expect(page.locator('#reject-reason').inputValue()).resolves.toBe('just a joke');
    await expectShown(page, full[2]!);
    expect((await candidate(ids[2]!)).status).toBe('pending');
    await page.keyboard.press('Escape');
    await page.keyboard.press('e');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('e-title');
    await page.keyboard.press('Escape');

    await page.keyboard.press('?');
    await expect(page.locator('#shortcuts-dialog').isVisible()).resolves.toBe(true);
    await expect(page.locator('#shortcuts-dialog').textContent()).resolves.toMatch(/Next candidate/);
    await page.screenshot({ path: '/tmp/review-shortcuts.png' });
    await page.keyboard.press('Escape');
    await expect(page.locator('#shortcuts-dialog').isVisible()).resolves.toBe(false);
    await page.keyboard.press('k');
    await expectShown(page, full[0]!);
  });

  it('says who decided first when someone else approved the candidate meanwhile, and shows it decided', async () => {
    const word = token();
    const [id] = await propose(word, [{ title: 'Chinese security firm opens office in Bishkek' }]);
    await openQueue(word, 1);
    await expectShown(page, `Chinese security firm opens office in Bishkek ${word}`);

    // Behind the page's back, alice approves it over the API.
    const byAlice = await api<{ candidate: Candidate }>(
      'POST',
      `/api/review/candidates/${id}/approve`,
      {},
      alice,
    );
    expect(byAlice.candidate.status).toBe('approved');
    expected.push([409, `/api/review/candidates/${id}/approve`]);
    await page.locator('#e-title').fill('My better title');
    // The live queue may have told the page already; if not, the approval meets the conflict.
    await page
      .getByRole('button', { name: /^Approve/ })
      .click({ timeout: 1_000 })
      .catch(() => undefined);

    const notice = page.locator('#decision-notice');
    await expectText(
      page,
      '#decision-notice',
      /^Already approved by alice at .+\. (Your decision was not recorded|It was decided while you had it open)\./,
    );
    await expect(page.locator('#c-status').textContent()).resolves.toBe('Approved');
    await expect(page.locator('.decide').isVisible()).resolves.toBe(false);
    // The edit that lost is kept, with the amendment offered.
    await expect(page.locator('#e-title').inputValue()).resolves.toBe('My better title');
    await expect(page.locator('#amend-form').isVisible()).resolves.toBe(true);
    await expect(page.locator(`${ROWS} .tag-approved`).textContent()).resolves.toBe('Approved');
    await expect(notice.locator('a').getAttribute('href')).resolves.toBe(
      `/?entry=${byAlice.candidate.decision!.entryId}`,
    );
    await page.screenshot({ path: '/tmp/review-conflict.png' });
    const after = await candidate(id!);
    expect(after.decision).toMatchObject({ kind: 'approved', by: { name: 'alice' } });
    expect(after.history.filter((h) => h.type === 'CandidateApproved')).toHaveLength(1);
  });

  it('shows feed text that looks like HTML as text, and runs none of it', async () => {
    const word = token();
    const title = `Border <img src=x onerror="window.injected=1"> drills <b>China</b> ${word}`;
    const excerpt =
      'Troops at the border <script>window.injected=2</script><img src=y onerror=window.injected=3>.';
    const { candidateId } = await proposeCandidate(events, {
      item: { title, excerpt, link: 'javascript:window.injected=4' },
      relevance: {
        matched: [
          { term: 'Border', group: 'security', field: 'title', weight: 2.5 },
          { term: '<img', group: 'negative', field: 'title', weight: -1 },
        ],
      },
      proposed: { title },
    });
    await openQueue(word, 1);
    await expectShown(page, title);

    await expect(page.locator(`${ROWS} .row-title`).textContent()).resolves.toBe(title);
    await expect(page.locator('#c-excerpt').textContent()).resolves.toBe(excerpt);
    await expect(page.locator('#e-title').inputValue()).resolves.toBe(title);
    // Marks wrap the terms, case-insensitively, and still only as text.
    expect(await page.locator('#c-title mark').allTextContents()).toEqual(['Border', '<img']);
    expect(await page.locator('#c-excerpt mark').allTextContents()).toEqual(['border', '<img']);
    await expect(page.locator('#c-title mark.mark-negative').textContent()).resolves.toBe('<img');
    // A javascript: link is not made a link.
    await expect(page.locator('#c-source-link a').count()).resolves.toBe(0);
    expect(
      await page.locator('#candidate img, #candidate script, #candidate b, #candidate-list img').count(),
    ).toBe(0);
    expect(await page.evaluate(() => (window as { injected?: number }).injected)).toBeUndefined();
    await page.screenshot({ path: '/tmp/review-hostile.png' });
    expect((await candidate(candidateId)).status).toBe('pending');
  });

  it('proposes an entry by hand; a bad field is named next to it; the proposal joins the queue', async () => {
    const word = token();
    await openQueue(word, 0);
    await page.getByRole('button', { name: 'Propose an entry…' }).click();
    const dialog = page.locator('#propose-dialog');
    await expect(dialog.isVisible()).resolves.toBe(true);
    await page.locator('#p-source-title').fill(`Ministry statement on border cooperation ${word}`);
    await page.locator('#p-source-url').fill('https://mfa.gov.kg/en/statement');
    await page.locator('#p-source-publisher').fill('Kyrgyz Ministry of Foreign Affairs');
    await page.locator('#p-title').fill(`Kyrgyzstan and China agree border cooperation plan ${word}`);
    await page
      .locator('#p-summary')
      .fill('The two foreign ministries agreed a three-year plan for border cooperation.');
    await page.locator('#p-date-start').fill('2026-13');
    await page.locator('#p-date-precision').selectOption('month');
    await page.locator('#p-countries input[value="KG"]').check();
    await page.locator('#p-countries input[value="CN"]').check();
    await page.locator('#p-categories input[value="border-security"]').check();
    await page.locator('#p-actors').fill('Ministry of Foreign Affairs (Kyrgyzstan)');
    expected.push([400, '/api/review/candidates']);
    await page.locator('#propose-submit').click();
    await expectText(page, '#p-date-start-error', /^date\.start: /);
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('p-date-start');
    await page.screenshot({ path: '/tmp/review-propose.png' });

    await page.locator('#p-date-start').fill('2026-02');
    await page.locator('#propose-submit').click();

    await expectRows(page, 1);
    await expect(dialog.isVisible()).resolves.toBe(false);
    await expectShown(page, `Ministry statement on border cooperation ${word}`);
    await expect(page.locator('#c-score').textContent()).resolves.toBe('Proposed by a reviewer: not scored');
    await expect(page.locator(`${ROWS} .score-badge`).textContent()).resolves.toBe('manual');
    // Listed by what it proposes; the detail leads with the source it cites.
    expect(await rowTitles()).toEqual([`Kyrgyzstan and China agree border cooperation plan ${word}`]);
    await expect(page.locator('#e-title').inputValue()).resolves.toBe(
      `Kyrgyzstan and China agree border cooperation plan ${word}`,
    );
    await expect(page.locator('#e-date-start').inputValue()).resolves.toBe('2026-02');
    const id = await page.locator(`${ROWS}.selected`).getAttribute('data-id');
    const proposed = await candidate(id!);
    expect(proposed).toMatchObject({
      status: 'pending',
      proposed: { title: `Kyrgyzstan and China agree border cooperation plan ${word}` },
    });
  });

  it('signs out back to the sign-in form; the API refuses the old cookie', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    const own = await context.newPage();
    watch(own);
    expected.push([401, '/api/session']);
    await own.goto(`${server.baseUrl}/review`);
    await own.locator('#signin-key').fill(rita);
    await own.locator('#signin-key').press('Enter');
    await own.locator('#who-text').waitFor({ state: 'visible' });
    const [cookie] = (await context.cookies()).filter((c) => c.name === 'timeline_session');
    const withOldCookie = (path: string) =>
      fetch(`${server.baseUrl}${path}`, { headers: { cookie: `timeline_session=${cookie!.value}` } });
    expect((await withOldCookie('/api/review/candidates')).status).toBe(200);

    await own.getByRole('button', { name: 'Sign out' }).click();

    await own.locator('#signin-form').waitFor({ state: 'visible' });
    await expect(own.locator('#signin-error').textContent()).resolves.toBe('You are signed out.');
    await expect(own.locator('#review-view').isVisible()).resolves.toBe(false);
    await expect(own.evaluate(() => document.activeElement?.id)).resolves.toBe('signin-key');
    expect((await context.cookies()).filter((c) => c.name === 'timeline_session')).toEqual([]);
    expect((await withOldCookie('/api/session')).status).toBe(401);
    expect((await withOldCookie('/api/review/candidates')).status).toBe(401);
    // A reload stays signed out.
    await own.reload();
    await own.locator('#signin-form').waitFor({ state: 'visible' });
    await own.screenshot({ path: '/tmp/review-signed-out.png' });
  });
});
