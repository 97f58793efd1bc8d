import { parse as parseCsv } from 'csv-parse/sync';
import ICAL from 'ical.js';
import Parser from 'rss-parser';

import type { TimelineEntry } from '../timeline-entry';
import { type ExportContext } from './export-context';
import { EXPORT_FORMATS, type ExportFormat, renderExport } from './export-format';
import { type ExportSource, streamExport } from './export-stream';

const context: ExportContext = {
  baseUrl: 'http://localhost:3000',
  generatedAt: new Date('2024-06-01T12:00:00.000Z'),
  title: 'Stream test',
};

const PRECISIONS = [
  { start: '2019', precision: 'year' },
  { start: '2024-04', precision: 'month' },
  { start: '2024-04-15', precision: 'day' },
  { start: '2008', end: '2012-03', precision: 'range' },
  { start: '2016-08', precision: 'ongoing' },
] as const;

/** `count` entries unlike each other: every precision, scripts, markup, retractions, updates. */
function entries(count: number): TimelineEntry[] {
  return Array.from({ length: count }, (_, i): TimelineEntry => {
    const recorded = new Date(Date.UTC(2024, 4, 1, 9) + ((i * 7919) % count) * 60_000).toISOString();
    return {
      id: i % 3 === 0 ? `0b7e7f3a-5c1d-4e8f-9a2b-${String(i).padStart(12, '0')}` : `entry-${i}`,
      title: [
        `Joint drill "Cooperation-${i}", Urumqi`,
        `中塔边境联合巡逻 ${i} <b>&amp;</b>`,
        `=Соглашение ${i}`,
      ][i % 3]!,
      summary: `What happened,\nin ${i} words; "quoted".`,
      date: PRECISIONS[i % PRECISIONS.length]!,
      countries: i % 2 ? ['CN', 'KZ'] : ['CN', 'TJ', 'AF'],
      actors: i % 4 ? ['Ministry of Public Security'] : [],
      categories: i % 2 ? ['counter-terrorism'] : ['border-security', 'diplomacy'],
      places: [],
      sources: [
        {
          id: 's1',
          title: `Report ${i}; part`,
          publisher: 'A publisher',
          url: `https://example.org/r/${i}?a=1&b=2`,
          quotes: [],
          publishedAt: '2024-04-16',
          origin: { kind: 'manual' },
        },
      ],
      status: i % 11 === 5 ? 'retracted' : 'active',
      ...(i % 11 === 5
        ? { retraction: { reason: 'Duplicate', by: 'reviewer-1', at: '2024-05-20T08:00:00.000Z' } }
        : {}),
      recordedAt: recorded,
      updatedAt: i === 17 ? '2024-07-01T00:00:00.000Z' : recorded,
      version: 1 + (i % 3),
    };
  });
}

function source(list: readonly TimelineEntry[], pageSize = 13): ExportSource {
  return {
    total: list.length,
    pages: (async function* () {
      for (let i = 0; i < list.length; i += pageSize) {
        await Promise.resolve();
        yield list.slice(i, i + pageSize);
      }
    })(),
  };
}

async function streamed(
  format: ExportFormat,
  list: readonly TimelineEntry[],
  options: { sliceEntries?: number; pageSize?: number } = {},
) {
  let text = '';
  for await (const chunk of streamExport(format, source(list, options.pageSize), context, options))
    text += chunk;
  return text;
}

/**
 * XML 1.0 well-formedness as to characters: only the Char production may occur (a strict parser
 * stops at the first other one); rss-parser's strict parse checks the structure.
 */
function assertXmlCharacters(xml: string): void {
  // eslint-disable-next-line no-control-regex -- the XML 1.0 Char production names controls
  const bad = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u.exec(xml);
  expect(bad && `U+${bad[0].codePointAt(0)!.toString(16)} at ${bad.index}`).toBeNull();
}

describe('streamed exports', () => {
  const list = entries(60);

  it.each(EXPORT_FORMATS)(
    '%s: byte for byte what renderExport writes, however it is sliced',
    async (format) => {
      const whole = renderExport(format, list, context).body;
      for (const sliceEntries of [1, 2, 7, 60, undefined])
        for (const pageSize of [1, 13, 500])
          expect(await streamed(format, list, { sliceEntries, pageSize })).toBe(whole);
    },
  );

  it.each(EXPORT_FORMATS)('%s: one entry, and none at all, as renderExport writes them', async (format) => {
    expect(await streamed(format, list.slice(0, 1))).toBe(
      renderExport(format, list.slice(0, 1), context).body,
    );
    expect(await streamed(format, [])).toBe(renderExport(format, [], context).body);
  });

  it('yields to the event loop between slices', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    let chunks = 0;
    for await (const _chunk of streamExport('ics', source(entries(400)), context, { sliceEntries: 10 }))
      chunks++;
    clearInterval(timer);
    expect(chunks).toBeGreaterThan(40);
    expect(ticks).toBeGreaterThan(10);
  });
});

describe('control characters never reach an export', () => {
  const dirty = entries(3).map((entry, i) => ({
    ...entry,
    title: `Title\u0000 with NUL, ESC\u001b[31m, VT\u000b, C1\u0085 and a lone \ud800 surrogate ${i}`,
    summary: `Summary\u0007 bell\r\nand \udc00`,
    actors: ['Actor\u001f'],
    sources: [{ ...entry.sources[0]!, title: 'Source\u0000title', publisher: 'Pub\u0008' }],
  }));
  // eslint-disable-next-line no-control-regex -- what must not be there
  const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|[\uD800-\uDFFF]/;

  it('Atom stays well-formed XML that a feed reader reads, titles cleaned', async () => {
    const atom = renderExport('atom', dirty, context).body;
    assertXmlCharacters(atom);
    const feed = await new Parser().parseString(atom);
    expect(feed.items.map((item) => item.title)).toContain(
      'Title with NUL, ESC[31m, VT, C1 and a lone  surrogate 0',
    );
    expect(await streamed('atom', dirty)).toBe(atom);
  });

  it('ICS reads back with ical.js and carries no control character', async () => {
    const ics = await streamed('ics', dirty);
    expect(ics.replace(/\r\n/g, '\n')).not.toMatch(CONTROL);
    const calendar = new ICAL.Component(ICAL.parse(ics) as unknown[]);
    expect(
      calendar.getAllSubcomponents('vevent').map((e) => String(e.getFirstPropertyValue('summary'))),
    ).toContain('Title with NUL, ESC[31m, VT, C1 and a lone  surrogate 1');
  });

  it.each(['csv', 'json', 'timelinejs'] as const)('%s carries no control character', async (format) => {
    const text = await streamed(format, dirty);
    expect(text.replace(/\r\n/g, '\n')).not.toMatch(CONTROL);
    if (format === 'csv') expect(parseCsv<unknown>(text, { bom: true, columns: true }).length).toBe(3);
    else expect(() => JSON.parse(text) as unknown).not.toThrow();
  });
});
