import { existsSync } from 'node:fs';

import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

import { callApi } from './api-call';

/** Where Debian puts a Chromium that playwright-core can drive; the headless shell first. */
export const CHROMIUM_PATHS = [
  '/usr/bin/chromium-headless-shell',
  '/usr/lib/chromium/chrome-headless-shell',
  '/usr/bin/chromium',
] as const;

export function findChromium(): string {
  const found = CHROMIUM_PATHS.find((path) => existsSync(path));
  if (found === undefined) {
    throw new Error(
      `No Chromium for the browser tests (looked at ${CHROMIUM_PATHS.join(', ')}). ` +
        'Install it with: apt-get install -y chromium-headless-shell',
    );
  }
  return found;
}

/**
 * Headless Chromium for tests, from the Debian package (playwright's own download needs the
 * internet). Quiet flags: no sandbox (containers), no GPU, no calls home. Close it in `afterAll`.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: findChromium(),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export type Viewport = { width: number; height: number };

/**
 * Collects what goes wrong in a page that the test did not expect: script errors, console errors,
 * responses of 400 and above (but those `expected` lists, by status and a part of the URL) and
 * failed requests (but the ones the page aborts itself when the user moves on).
 */
export function watchPage(page: Page, problems: string[], expected: Array<[number, string]> = []): Page {
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // A failed request is also logged to the console; the response check below judges those.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
      problems.push(`console error: ${message.text()}`);
  });
  page.on('response', (response) => {
    const status = response.status();
    if (status >= 400 && !expected.some(([s, part]) => s === status && response.url().includes(part)))
      problems.push(`${status} ${response.url()}`);
  });
  page.on('requestfailed', (request) => {
    if (request.failure()?.errorText !== 'net::ERR_ABORTED')
      problems.push(`failed ${request.url()}: ${request.failure()?.errorText}`);
  });
  return page;
}

/** A browser context with a session for this key (its request context shares the cookies). */
export async function signedInContext(
  browser: Browser,
  baseUrl: string,
  key: string,
  viewport: Viewport,
): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport });
  const session = await context.request.post(`${baseUrl}/api/session`, { data: { key } });
  if (session.status() !== 200) throw new Error(`POST /api/session answered ${session.status()}`);
  return context;
}

/** Opens a page and signs in through its own form (the one the review and admin pages share). */
export async function signInWithForm(page: Page, url: string, key: string): Promise<void> {
  await page.goto(url);
  await page.locator('#signin-key').fill(key);
  await page.locator('#signin-submit').click();
}

/** Waits until the element's text matches (pages answer asynchronously), then returns it. */
export async function expectText(page: Page, selector: string, pattern: RegExp): Promise<string> {
  try {
    await page.waitForFunction(
      ([sel, source, flags]) => {
        const found = document.querySelector(sel);
        return found !== null && new RegExp(source, flags).test(found.textContent ?? '');
      },
      [selector, pattern.source, pattern.flags] as const,
      { timeout: 10_000 },
    );
  } catch {
    const text = await page
      .locator(selector)
      .first()
      .textContent()
      .catch(() => null);
    throw new Error(`${selector} reads ${JSON.stringify(text)}, not ${pattern}`);
  }
  return (await page.locator(selector).first().textContent()) ?? '';
}

/** The API as a script calls it, with a bearer key: the JSON of a 200, or the test fails. */
export type KeyedApi = <T>(method: string, path: string, body?: unknown, key?: string) => Promise<T>;

export function keyedApi(baseUrl: string, defaultKey: string): KeyedApi {
  return async <T>(method: string, path: string, body?: unknown, key = defaultKey): Promise<T> => {
    const response = await callApi(baseUrl, method, path, key, body);
    if (response.status !== 200)
      throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as T;
  };
}

// ---------- the review page ----------

export const CANDIDATE_ROWS = '#candidate-list .candidate-button';

/** Waits until the queue has loaded and lists this many candidates. */
export async function expectRows(page: Page, count: number): Promise<void> {
  await page.waitForFunction(
    ([selector, n]) =>
      !document.body.classList.contains('loading') && document.querySelectorAll(selector).length === n,
    [CANDIDATE_ROWS, count] as const,
    { timeout: 10_000 },
  );
}

/** Waits until the candidate shown is this one, read fresh from the server (its history is in). */
export async function expectShown(page: Page, title: string): Promise<void> {
  await page.waitForFunction(
    (wanted) =>
      document.getElementById('c-title')?.textContent === wanted &&
      document.querySelectorAll('#c-history .history-item').length > 0,
    title,
    { timeout: 10_000 },
  );
}
