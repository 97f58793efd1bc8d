import { parse as parseCsv } from 'csv-parse/sync';
import ICAL from 'ical.js';
import Parser from 'rss-parser';

import type { TimelineEntry } from '../timeline-entry';
import { calendarDays, formatEntryDate } from './entry-date';
import { type ExportContext } from './export-context';
import { CSV_COLUMNS } from './export-csv';
import { EXPORT_FORMATS, renderExport } from './export-format';
import type { TimelineJsData } from './export-timelinejs';

const context: ExportContext = {
  baseUrl: 'http://localhost:3000',
  generatedAt: new Date('2024-06-01T12:00:00.000Z'),
  title: 'Test timeline',
};

function anEntry(overrides: Partial<TimelineEntry> & Pick<TimelineEntry, 'id' | 'date'>): TimelineEntry {
  return {
    title: 'An entry',
    summary: 'What happened.',
    countries: ['CN', 'KZ'],
    actors: ['Ministry of Public Security'],
    categories: ['counter-terrorism'],
    places: [],
    sources: [
      {
        id: 's1',
        title: 'A report',
        publisher: 'A publisher',
        url: 'https://example.org/report',
        publishedAt: '2024-04-16',
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

// Sorted by date, as the read model hands them over; recorded in another order.
const entries: TimelineEntry[] = [
  anEntry({
    id: 'kz-cn-border-agreement',
    date: { start: '2008', end: '2012', precision: 'range' },
    title: 'Соглашение о сотрудничестве в охране границы, "Казахстан – Китай"',
    summary: 'Пограничное сотрудничество,\nвторая строка.',
    categories: ['border-security', 'diplomacy'],
    status: 'retracted',
    retraction: { reason: 'Duplicate of another entry', by: 'reviewer-1', at: '2024-05-20T08:00:00.000Z' },
    recordedAt: '2024-05-02T10:00:00.000Z',
    updatedAt: '2024-05-20T08:00:00.000Z',
    version: 2,
  }),
  anEntry({
    id: '0b7e7f3a-5c1d-4e8f-9a2b-3c4d5e6f7a8b',
    date: { start: '2016-08', precision: 'ongoing' },
    title: 'Outpost near the Wakhan corridor, Tajikistan',
    countries: ['CN', 'TJ', 'AF'],
    categories: ['military-presence'],
    sources: [
      {
        id: 's1',
        title: 'Seed document, p. 4',
        origin: { kind: 'seed', document: 'doc-1', locator: 'p. 4' },
        quotes: [],
      },
      {
        id: 's2',
        title: 'Follow-up; with a semicolon',
        url: 'https://example.org/a?b=1&c=2',
        origin: { kind: 'feed', feedId: 'f1', itemGuid: 'g1' },
        quotes: [],
      },
    ],
    recordedAt: '2024-05-05T10:00:00.000Z',
    updatedAt: '2024-05-05T10:00:00.000Z',
  }),
  anEntry({
    id: 'sco-peace-mission-2019',
    date: { start: '2019', precision: 'year' },
    title: 'SCO "Peace Mission" exercise, with commas, and a\nsecond line',
    categories: ['multilateral', 'military-exercise'],
    actors: [],
    recordedAt: '2024-05-03T10:00:00.000Z',
    updatedAt: '2024-05-03T10:00:00.000Z',
  }),
  anEntry({
    id: 'cn-tj-border-patrol-2024-04',
    date: { start: '2024-04', precision: 'month' },
    title: '中塔边境联合巡逻 <script>alert("x")</script> & more, literally &amp;',
    summary: '中国与塔吉克斯坦举行联合巡逻。<b>not bold</b>',
    countries: ['CN', 'TJ'],
    categories: ['border-security'],
    recordedAt: '2024-05-04T10:00:00.000Z',
    updatedAt: '2024-05-10T10:00:00.000Z',
  }),
  anEntry({
    id: 'cooperation-2024-drill',
    date: { start: '2024-04-15', precision: 'day' },
    title: 'Joint drill "Cooperation-2024", Urumqi',
    recordedAt: '2024-05-01T10:00:00.000Z',
    updatedAt: '2024-05-01T10:00:00.000Z',
  }),
];

/** Atom `type="html"` text is HTML: a reader decodes it before showing it. */
function decodeHtml(html: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  return html.replace(/&(#\d+|[a-z]+);/g, (whole, name: string) =>
    name.startsWith('#') ? String.fromCodePoint(Number(name.slice(1))) : (named[name] ?? whole),
  );
}

describe('entry dates', () => {
  it.each([
    [{ start: '2024-04-15', precision: 'day' }, '2024-04-15', '2024-04-16', '15 April 2024'],
    [{ start: '2024-02-29', precision: 'day' }, '2024-02-29', '2024-03-01', '29 February 2024'],
    [{ start: '2024-04', precision: 'month' }, '2024-04-01', '2024-05-01', 'April 2024'],
    [{ start: '2023-12', precision: 'month' }, '2023-12-01', '2024-01-01', 'December 2023'],
    [{ start: '2019', precision: 'year' }, '2019-01-01', '2020-01-01', '2019'],
    [{ start: '2008', end: '2012', precision: 'range' }, '2008-01-01', '2013-01-01', '2008 – 2012'],
    [
      { start: '2023-11-30', end: '2024-02', precision: 'range' },
      '2023-11-30',
      '2024-03-01',
      '30 November 2023 – February 2024',
    ],
    [{ start: '2016', precision: 'ongoing' }, '2016-01-01', '2016-01-02', 'Since 2016'],
    [{ start: '2016-08', precision: 'ongoing' }, '2016-08-01', '2016-08-02', 'Since August 2016'],
  ] as const)('%j covers %s until %s and reads "%s"', (date, first, lastExclusive, text) => {
    expect(calendarDays(date)).toEqual({ first, lastExclusive });
    expect(formatEntryDate(date)).toBe(text);
  });

  it('refuses a date that is not YYYY, YYYY-MM or YYYY-MM-DD', () => {
    expect(() => calendarDays({ start: '15/04/2024', precision: 'day' })).toThrow(/Not an entry date/);
  });
});

describe('renderExport', () => {
  it('renders every format, also with no entries', () => {
    for (const format of EXPORT_FORMATS) {
      const rendered = renderExport(format, [], context);
      expect(rendered.contentType).toMatch(/; charset=utf-8/);
      expect(rendered.body.length).toBeGreaterThan(0);
    }
  });
});

describe('JSON export', () => {
  it('keeps the contract fields of every entry, in order', () => {
    const parsed = JSON.parse(renderExport('json', entries, context).body) as Record<string, unknown>[];

    expect(parsed).toHaveLength(entries.length);
    parsed.forEach((row, i) => {
      const entry = entries[i]!;
      expect(row).toMatchObject({
        id: entry.id,
        title: entry.title,
        summary: entry.summary,
        date: { start: entry.date.start, end: entry.date.end ?? null, precision: entry.date.precision },
        countries: entry.countries,
        actors: entry.actors,
        categories: entry.categories,
        status: entry.status,
        recordedAt: entry.recordedAt,
        updatedAt: entry.updatedAt,
        url: `http://localhost:3000/entries/${entry.id}`,
      });
      expect(row.sources).toEqual(
        entry.sources.map((source): unknown =>
          expect.objectContaining({ id: source.id, title: source.title, url: source.url ?? null }),
        ),
      );
    });
    expect(parsed[0]!.retraction).toEqual(entries[0]!.retraction);
  });

  it('writes keys in the same order whatever order the input has', () => {
    const entry = entries[1]!;
    const shuffled = Object.fromEntries(Object.entries(entry).reverse()) as unknown as TimelineEntry;

    const a = JSON.parse(renderExport('json', [entry], context).body) as object[];
    const b = JSON.parse(renderExport('json', [shuffled], context).body) as object[];

    expect(Object.keys(b[0]!)).toEqual(Object.keys(a[0]!));
    expect(Object.keys(a[0]!).slice(0, 9)).toEqual([
      'id',
      'title',
      'summary',
      'date',
      'countries',
      'actors',
      'categories',
      'places',
      'sources',
    ]);
  });
});

describe('CSV export', () => {
  it('round-trips every cell through a CSV parser, text in any script included', () => {
    const { body, contentType } = renderExport('csv', entries, context);
    expect(contentType).toMatch(/^text\/csv/);
    expect(body.charCodeAt(0)).toBe(0xfeff);

    const [header, ...rows] = parseCsv(body, { bom: true });

    expect(header).toEqual([...CSV_COLUMNS]);
    expect(rows).toEqual(
      entries.map((entry) => [
        entry.id,
        entry.date.start,
        entry.date.end ?? '',
        entry.date.precision,
        entry.title,
        entry.summary,
        entry.countries.join(';'),
        entry.actors.join(';'),
        entry.categories.join(';'),
        entry.places.map((place) => place.name).join(';'),
        entry.places.map((place) => `${place.lat} ${place.lon}`).join(';'),
        entry.sources.map((source) => source.title).join(';'),
        String(entry.sources.length),
        entry.sources.map((source) => source.publisher ?? '').join(';'),
        entry.sources.map((source) => source.url ?? '').join(';'),
        entry.sources
          .flatMap((source, i) => source.quotes.map((quote) => `[${i + 1}] ${quote.locator}: ${quote.text}`))
          .join('\n'),
        entry.status,
        entry.recordedAt,
        entry.updatedAt,
        String(entry.version),
        `http://localhost:3000/entries/${entry.id}`,
      ]),
    );
  });

  it('keeps a cell that starts like a formula from running in a spreadsheet', () => {
    const entry = anEntry({
      id: 'formula',
      date: { start: '2024', precision: 'year' },
      title: '=HYPERLINK("http://evil.example","x")',
      summary: '-1 casualties',
    });

    const [record] = parseCsv<Record<string, string>>(renderExport('csv', [entry], context).body, {
      bom: true,
      columns: true,
    });

    expect(record!.title).toBe(`'${entry.title}`);
    expect(record!.summary).toBe(`'${entry.summary}`);
    expect(record!.id).toBe('formula');
  });
});

describe('iCalendar export', () => {
  function parseEvents(body: string): Map<string, ICAL.Event> {
    const calendar = new ICAL.Component(ICAL.parse(body) as unknown[]);
    const events = calendar.getAllSubcomponents('vevent').map((vevent) => new ICAL.Event(vevent));
    return new Map(events.map((event) => [event.uid, event]));
  }

  it('has one all-day event per entry, spanning the days its date covers', () => {
    const events = parseEvents(renderExport('ics', entries, context).body);

    expect(events.size).toBe(entries.length);
    const spans = [...events.values()].map((event) => ({
      uid: event.uid,
      start: event.startDate.toString(),
      end: event.endDate.toString(),
      allDay: event.startDate.isDate && event.endDate.isDate,
    }));
    expect(spans).toEqual([
      { uid: 'kz-cn-border-agreement@localhost', start: '2008-01-01', end: '2013-01-01', allDay: true },
      {
        uid: '0b7e7f3a-5c1d-4e8f-9a2b-3c4d5e6f7a8b@localhost',
        start: '2016-08-01',
        end: '2016-08-02',
        allDay: true,
      },
      { uid: 'sco-peace-mission-2019@localhost', start: '2019-01-01', end: '2020-01-01', allDay: true },
      { uid: 'cn-tj-border-patrol-2024-04@localhost', start: '2024-04-01', end: '2024-05-01', allDay: true },
      { uid: 'cooperation-2024-drill@localhost', start: '2024-04-15', end: '2024-04-16', allDay: true },
    ]);
  });

  it('carries title, status, link, categories and description', () => {
    const events = parseEvents(renderExport('ics', entries, context).body);
    const retracted = events.get('kz-cn-border-agreement@localhost')!;
    const ongoing = events.get('0b7e7f3a-5c1d-4e8f-9a2b-3c4d5e6f7a8b@localhost')!;
    const chinese = events.get('cn-tj-border-patrol-2024-04@localhost')!;

    expect(retracted.summary).toBe(entries[0]!.title);
    expect(retracted.component.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(chinese.component.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(ongoing.summary).toBe(`${entries[1]!.title} (ongoing)`);
    expect(chinese.summary).toBe(entries[3]!.title);
    expect(chinese.component.getFirstPropertyValue('url')).toBe(
      'http://localhost:3000/entries/cn-tj-border-patrol-2024-04',
    );
    expect(
      events.get('sco-peace-mission-2019@localhost')!.component.getFirstProperty('categories')!.getValues(),
    ).toEqual(['Multilateral (SCO, C+C5)', 'Military exercise']);

    const description = ongoing.description.split('\n');
    expect(description).toEqual(
      expect.arrayContaining([
        entries[1]!.summary,
        'Date: Since August 2016',
        'Countries: China, Tajikistan, Afghanistan',
        'Categories: Outposts and presence',
        '- Seed document, p. 4',
        '- Follow-up; with a semicolon https://example.org/a?b=1&c=2',
      ]),
    );
    expect(retracted.description.split('\n')[0]).toBe('Retracted: Duplicate of another entry');
  });
});

describe('Atom export', () => {
  const parser = new Parser<Record<string, unknown>, { id: string; published: string; updated: string }>({
    customFields: { item: ['published', 'updated'] },
  });

  it('is a well-formed Atom feed, newest recorded first', async () => {
    const { body, contentType } = renderExport('atom', entries, context);
    expect(contentType).toMatch(/^application\/atom\+xml/);

    const feed = await parser.parseString(body);

    expect(feed.title).toBe('Test timeline');
    expect(feed.feedUrl).toBe('http://localhost:3000/feed.atom');
    expect(feed.link).toBe('http://localhost:3000/');
    expect(feed.lastBuildDate).toBe('2024-05-20T08:00:00.000Z');
    const byRecordedDesc = [...entries].sort((a, b) => b.recordedAt.localeCompare(a.recordedAt));
    expect(
      feed.items.map((item) => ({
        id: item.id,
        link: item.link,
        title: decodeHtml(item.title ?? ''),
        published: item.published,
        updated: item.updated,
      })),
    ).toEqual(
      byRecordedDesc.map((entry) => ({
        id: /^[0-9a-f-]{36}$/.test(entry.id)
          ? `urn:uuid:${entry.id}`
          : `tag:localhost,${entry.recordedAt.slice(0, 10)}:entries/${entry.id}`,
        link: `http://localhost:3000/entries/${entry.id}`,
        title: entry.title,
        published: entry.recordedAt,
        updated: entry.updatedAt,
      })),
    );
  });

  it('puts summary, date and sources in the content, and categories as elements', async () => {
    const xmlParser = new Parser<
      Record<string, unknown>,
      { category: { $: { term: string; label: string } }[] }
    >({
      customFields: { item: [['category', 'category', { keepArray: true }]] },
    });
    const feed = await xmlParser.parseString(renderExport('atom', [entries[3]!], context).body);
    const [item] = feed.items;

    expect(item!.category.map((category) => category.$)).toEqual([
      { term: 'border-security', label: 'Border security' },
    ]);
    // contentSnippet is the content with its HTML taken out.
    const text = decodeHtml(item!.contentSnippet ?? '');
    expect(text).toContain(entries[3]!.summary);
    expect(text).toContain('April 2024');
    expect(text).toContain('A report (A publisher, 2024-04-16)');
  });

  it('dates an empty feed by its generation time', async () => {
    const feed = await parser.parseString(renderExport('atom', [], context).body);
    expect(feed.items).toEqual([]);
    expect(feed.lastBuildDate).toBe(context.generatedAt.toISOString());
  });
});

describe('TimelineJS export', () => {
  it('follows the TimelineJS3 JSON format', () => {
    const data = JSON.parse(renderExport('timelinejs', entries, context).body) as TimelineJsData;

    expect(decodeHtml(data.title.text.headline)).toBe('Test timeline');
    expect(new Set(data.events.map((event) => event.unique_id)).size).toBe(entries.length);
    for (const event of data.events) {
      expect(typeof event.start_date.year).toBe('number');
      expect(event.text.headline.length).toBeGreaterThan(0);
    }
    expect(
      data.events.map((event) => ({
        headline: decodeHtml(event.text.headline),
        start: event.start_date,
        end: event.end_date,
        display: event.display_date,
        group: event.group,
      })),
    ).toEqual([
      {
        headline: entries[0]!.title,
        start: { year: 2008 },
        end: { year: 2012 },
        display: '2008 – 2012',
        group: 'Border security',
      },
      {
        headline: entries[1]!.title,
        start: { year: 2016, month: 8 },
        end: undefined,
        display: 'Since August 2016',
        group: 'Outposts and presence',
      },
      {
        headline: entries[2]!.title,
        start: { year: 2019 },
        end: undefined,
        display: '2019',
        group: 'Multilateral (SCO, C+C5)',
      },
      {
        headline: entries[3]!.title,
        start: { year: 2024, month: 4 },
        end: undefined,
        display: 'April 2024',
        group: 'Border security',
      },
      {
        headline: entries[4]!.title,
        start: { year: 2024, month: 4, day: 15 },
        end: undefined,
        display: '15 April 2024',
        group: 'Counter-terrorism',
      },
    ]);
  });
});
