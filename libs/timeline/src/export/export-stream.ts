import type { TimelineEntry } from '../timeline-entry';
import { renderAtom } from './export-atom';
import { cleanEntry } from './clean-entry';
import type { ExportContext } from './export-context';
import { renderCsv } from './export-csv';
import { type ExportFormat, renderExport } from './export-format';
import { renderIcs } from './export-ics';
import { renderJson } from './export-json';
import { renderTimelineJs, timelineJsTitle } from './export-timelinejs';

/** Where an export's entries come from: already filtered and in timeline order, page by page. */
export interface ExportSource {
  /** How many entries the pages hold (TimelineJS names the count in its title). */
  total: number;
  pages: AsyncIterable<readonly TimelineEntry[]>;
}

export interface ExportStreamOptions {
  /** Aim for each synchronous rendering slice (default 10 ms): well under the 50 ms the loop may be held. */
  sliceMs?: number;
  /** Fixed entries per slice instead of adapting to `sliceMs` (for tests). */
  sliceEntries?: number;
}

const DEFAULT_SLICE_MS = 10;
const FIRST_SLICE = 8;
const MAX_SLICE = 2_000;

/**
 * An export as a stream of text chunks, byte for byte what `renderExport` makes of the same entries
 * (a test checks it): each format's own renderer runs on a slice of entries at a time and the
 * pieces are stitched (header once, items, footer once), so the renderers stay the one definition
 * of each format. Between slices the stream yields to the event loop (setImmediate); the slice
 * grows or shrinks so that one slice takes about `sliceMs`, whatever the format costs per entry.
 * Text the product must never write (control characters, lone surrogates) is removed from every
 * entry first, so no stored value can make an export malformed.
 */
export async function* streamExport(
  format: ExportFormat,
  source: ExportSource,
  context: ExportContext,
  options: ExportStreamOptions = {},
): AsyncGenerator<string> {
  const slices = new Slicer(options);
  let pages: AsyncIterable<readonly TimelineEntry[]> | Iterable<readonly TimelineEntry[]> = source.pages;
  let stitch: Stitcher;
  if (format === 'atom') {
    // Atom lists newest recorded first, and its <updated> is the latest change of any entry: it
    // needs them all before the first byte. Entries are small; the rendering is what costs.
    const all: TimelineEntry[] = [];
    for await (const page of source.pages) for (const entry of page) all.push(entry);
    // Unless the caller asked for an order of its own (the feed's `sort`).
    const ordered = context.keepOrder ? all : all.sort(byRecordedDesc);
    pages = [ordered];
    stitch = ordered.length > 0 ? atomStitcher(latestUpdate(ordered), context) : EMPTY;
  } else {
    stitch = STITCHERS[format](source.total, context);
  }
  let index = 0;
  for await (const page of pages) {
    for (let offset = 0; offset < page.length;) {
      const slice = page.slice(offset, offset + slices.size).map(cleanEntry);
      offset += slice.length;
      const started = performance.now();
      const chunk = stitch.chunk(slice, index++);
      slices.took(performance.now() - started, slice.length);
      yield chunk;
      await nextTurn();
    }
  }
  // No entry at all: the format's own empty document (`[]`, a calendar without events...).
  yield index === 0 ? renderExport(format, [], context).body : stitch.end();
}

const EMPTY: Stitcher = { chunk: () => '', end: () => '' };

/**
 * Every export in this process takes turns: one slice per turn, one turn per pass of the event loop
 * (setImmediate), first come first served. So however many exports run at once, the loop is held
 * for one slice at a time between passes, and a request that needs a few passes (/health reads the
 * database and pings Redis) waits for a few slices, not for a slice of every export each time.
 */
const waiting: Array<() => void> = [];
let turnScheduled = false;

function nextTurn(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    if (!turnScheduled) scheduleTurn();
  });
}

function scheduleTurn(): void {
  turnScheduled = true;
  setImmediate(() => {
    turnScheduled = false;
    waiting.shift()?.();
    if (waiting.length > 0) scheduleTurn();
  });
}

function byRecordedDesc(a: TimelineEntry, b: TimelineEntry): number {
  return Date.parse(b.recordedAt) - Date.parse(a.recordedAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** How many entries the next slice takes: doubling while slices are quick, shrinking when slow. */
class Slicer {
  size: number;
  constructor(private readonly options: ExportStreamOptions) {
    this.size = options.sliceEntries ?? FIRST_SLICE;
  }
  took(ms: number, entries: number): void {
    if (this.options.sliceEntries !== undefined || entries < this.size) return;
    const target = this.options.sliceMs ?? DEFAULT_SLICE_MS;
    if (ms < target / 2) this.size = Math.min(MAX_SLICE, this.size * 2);
    else if (ms > target) this.size = Math.max(1, Math.floor((this.size * target) / ms));
  }
}

/**
 * One export's text, slice by slice: slice 0 carries the format's header, later slices their
 * separator; `end` closes the document. Each piece is cut out of the format's own renderer's output.
 */
interface Stitcher {
  chunk(slice: readonly TimelineEntry[], index: number): string;
  end(): string;
}

/** The part of `text` after the first `start` and before the last `end`. */
function between(text: string, start: string, end: string): string {
  const from = text.indexOf(start);
  const to = text.lastIndexOf(end);
  if (from < 0 || to < from + start.length)
    throw new Error(`Export output not as expected around "${start}"`);
  return text.slice(from + start.length, to);
}

const ICS_EVENT = 'BEGIN:VEVENT';
const ICS_END = 'END:VCALENDAR';
const ATOM_ENTRY = '    <entry>';
const ATOM_END = '</feed>';
const JSON_OPEN = '[\n';
const JSON_CLOSE = '\n]\n';
const TIMELINEJS_EVENTS = '  "events": [\n';
const TIMELINEJS_CLOSE = '\n  ]\n}\n';

const STITCHERS: Record<
  Exclude<ExportFormat, 'atom'>,
  (total: number, context: ExportContext) => Stitcher
> = {
  // The first slice as the renderer writes it (BOM, header line); later ones without their first line.
  csv: (_total, context) => ({
    chunk: (slice, index) => {
      const text = renderCsv(slice, context);
      return index === 0 ? text : text.slice(text.indexOf('\r\n') + 2);
    },
    end: () => '',
  }),
  json: (_total, context) => ({
    chunk: (slice, index) =>
      `${index === 0 ? JSON_OPEN : ',\n'}${between(renderJson(slice, context), JSON_OPEN, JSON_CLOSE)}`,
    end: () => JSON_CLOSE,
  }),
  timelinejs: (total, context) => ({
    chunk: (slice, index) =>
      `${index === 0 ? timelineJsHead(total, context) : ',\n'}${between(
        renderTimelineJs(slice, context),
        TIMELINEJS_EVENTS,
        TIMELINEJS_CLOSE,
      )}`,
    end: () => TIMELINEJS_CLOSE,
  }),
  // The calendar's own properties come before its first VEVENT; END:VCALENDAR closes it.
  ics: (_total, context) => {
    let footer = '';
    return {
      chunk: (slice, index) => {
        const text = renderIcs(slice, context);
        const events = text.indexOf(ICS_EVENT);
        const close = text.lastIndexOf(ICS_END);
        footer = text.slice(close);
        return text.slice(index === 0 ? 0 : events, close);
      },
      end: () => footer,
    };
  },
};

/** Atom's head names the latest update of all entries: it comes from a render of that entry alone. */
function atomStitcher(latest: TimelineEntry, context: ExportContext): Stitcher {
  const head = renderAtom([latest], context);
  return {
    chunk: (slice, index) => {
      const text = renderAtom(slice, context);
      const items = text.slice(text.indexOf(ATOM_ENTRY), text.lastIndexOf(ATOM_END));
      return index === 0 ? `${head.slice(0, head.indexOf(ATOM_ENTRY))}${items}` : items;
    },
    end: () => head.slice(head.lastIndexOf(ATOM_END)),
  };
}

function latestUpdate(entries: readonly TimelineEntry[]): TimelineEntry {
  return entries.reduce((latest, entry) =>
    Date.parse(entry.updatedAt) > Date.parse(latest.updatedAt) ? entry : latest,
  );
}

/** TimelineJS's document up to its first event: the title, naming the count of every entry. */
function timelineJsHead(total: number, context: ExportContext): string {
  const placeholder = JSON.stringify('events');
  const text = JSON.stringify({ title: timelineJsTitle(total, context), events: ['events'] }, null, 2);
  return text.slice(0, text.indexOf(`    ${placeholder}`));
}
