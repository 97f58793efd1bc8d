import { existsSync } from 'node:fs';

import { chromium, type Browser } from 'playwright-core';

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
