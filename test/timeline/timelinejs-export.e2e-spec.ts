import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

import type { Browser, Page } from 'playwright-core';

import { renderExport, type TimelineJsData } from '../../libs/timeline/src/export';
import type { TimelineEntry } from '../../libs/timeline/src/timeline-entry';
import { launchBrowser } from '../support/browser';

const TIMELINEJS_DIST = join(__dirname, '..', '..', 'node_modules', '@knight-lab', 'timelinejs', 'dist');
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
};

// The page TimelineJS documents for embedding, with the export loaded as its data.
const PAGE = `<!doctype html>
<html>
  <head>
    <meta charset="utf-8">
    <link rel="stylesheet" href="/timelinejs/css/timeline.css">
    <script src="/timelinejs/js/timeline.js"></script>
  </head>
  <body>
    <div id="timeline-embed" style="width: 100%; height: 600px"></div>
    <script>
      fetch('/export.json')
        .then((response) => response.json())
        .then((data) => {
          // script_path: TimelineJS loads its fonts and languages relative to it (default: its CDN).
          const options = { hash_bookmark: false, script_path: new URL('/timelinejs/js/', location.href).href };
          window.timeline = new TL.Timeline('timeline-embed', data, options);
          window.timeline.on('loaded', () => { window.timelineLoaded = true; });
        });
    </script>
  </body>
</html>`;

function anEntry(
  overrides: Partial<TimelineEntry> & Pick<TimelineEntry, 'id' | 'date' | 'title'>,
): TimelineEntry {
  return {
    summary: 'What happened, with a link: https://example.org/x',
    countries: ['CN', 'KZ'],
    actors: [],
    categories: ['counter-terrorism'],
    places: [],
    sources: [
      {
        id: 's1',
        title: 'A report',
        url: 'https://example.org/report',
        origin: { kind: 'manual' },
        quotes: [],
      },
    ],
    status: 'active',
    recordedAt: '2024-05-01T09:00:00.000Z',
    updatedAt: '2024-05-01T09:00:00.000Z',
    version: 1,
    ...overrides,
  };
}

const entries: TimelineEntry[] = [
  anEntry({
    id: 'border-agreement',
    date: { start: '2008', end: '2012', precision: 'range' },
    title: 'Соглашение об охране границы, "Казахстан – Китай"',
    categories: ['border-security'],
  }),
  anEntry({
    id: 'wakhan-outpost',
    date: { start: '2016-08', precision: 'ongoing' },
    title: 'Outpost near the Wakhan corridor',
    categories: ['military-presence'],
  }),
  anEntry({
    id: 'border-patrol',
    date: { start: '2024-04', precision: 'month' },
    // Would run if the export let HTML through: TimelineJS sets headlines as innerHTML.
    title: '中塔边境联合巡逻 <img src="x" onerror="window.injected = true"> & more',
    summary: '<script>window.injected = true</script>',
    categories: ['border-security'],
  }),
  anEntry({
    id: 'cooperation-drill',
    date: { start: '2024-04-15', precision: 'day' },
    title: 'Joint drill "Cooperation-2024", Urumqi',
  }),
];

const body = renderExport('timelinejs', entries, {
  baseUrl: 'http://localhost:3000',
  generatedAt: new Date('2024-06-01T12:00:00.000Z'),
  title: 'Test timeline',
}).body;

function serve(): Promise<Server> {
  const server = createServer((request, response) => {
    const handle = async (): Promise<void> => {
      const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
      if (path === '/') return send(200, CONTENT_TYPES['.html']!, PAGE);
      if (path === '/export.json') return send(200, CONTENT_TYPES['.json']!, body);
      const file = normalize(join(TIMELINEJS_DIST, decodeURIComponent(path.replace(/^\/timelinejs\//, ''))));
      if (!path.startsWith('/timelinejs/') || !file.startsWith(TIMELINEJS_DIST + sep)) {
        return send(404, 'text/plain', 'not found');
      }
      const content = await readFile(file).catch(() => undefined);
      if (content === undefined) return send(404, 'text/plain', 'not found');
      send(200, CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', content);
    };
    handle().catch((error: Error) => send(500, 'text/plain', error.message));

    function send(status: number, type: string, content: string | Buffer): void {
      response.writeHead(status, { 'content-type': type }).end(content);
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('the TimelineJS export in TimelineJS itself', () => {
  let server: Server;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    server = await serve();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    // Nothing leaves the machine (the theme's CSS imports web fonts); those requests fail quietly.
    await page.route(/^(?!http:\/\/127\.0\.0\.1[:/])/, (route) => route.abort());
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      const local = message.location().url.startsWith('http://127.0.0.1');
      if (message.type() === 'error' && local) problems.push(`console: ${message.text()}`);
    });
    const { port } = server.address() as { port: number };
    await page.goto(`http://127.0.0.1:${port}/`);
    try {
      const loaded = () => (window as { timelineLoaded?: boolean }).timelineLoaded === true;
      await page.waitForFunction(loaded, null, { timeout: 10_000 });
    } catch (error) {
      // TimelineJS reports bad data in its own message box, not by throwing.
      const shown = await page.locator('.tl-message-content').allTextContents();
      throw new Error(`TimelineJS did not load the export: ${[...shown, ...problems].join('; ')}`, {
        cause: error,
      });
    }
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('loads without errors and renders one slide per entry, plus the title slide', async () => {
    expect(problems).toEqual([]);
    const data = JSON.parse(body) as TimelineJsData;

    const slides = page.locator('.tl-storyslider .tl-slide');
    await expect(slides.count()).resolves.toBe(entries.length + 1);
    expect(data.events).toHaveLength(entries.length);
  });

  it('shows every headline as text, markup in titles included', async () => {
    const headlines = await page
      .locator('.tl-storyslider .tl-slide .tl-headline')
      .evaluateAll((elements) => elements.map((element) => element.textContent));

    expect(headlines).toEqual(['Test timeline', ...entries.map((entry) => entry.title)]);
    await expect(page.evaluate(() => (window as { injected?: boolean }).injected)).resolves.toBeUndefined();
  });

  it('shows each date as the export words it', async () => {
    const dates = await page
      .locator('.tl-storyslider .tl-slide:not(.tl-slide-titleslide) .tl-headline-date')
      .evaluateAll((elements) => elements.map((element) => element.textContent));

    expect(dates).toEqual(['2008 – 2012', 'Since August 2016', 'April 2024', '15 April 2024']);
  });
});
