import type { EntryDate } from '@app/timeline';

import { IGNORED_LEXICON } from './lexicon/context';
import { TermMatcher } from './term-matcher';

/**
 * When did it happen? The first explicit date in the title, else in the text ("on 12 March",
 * "March 12, 2025", "12–15 июня", "3月12日", "12日"), with the year of publication unless the text
 * gives one; else the day of publication. A date the news agency's dateline carries is the filing
 * date, so it is used only when nothing else is there.
 */
export interface DatedText {
  title: string;
  excerpt: string;
  /** ISO time of publication. */
  publishedAt: string;
}

interface Found {
  index: number;
  end: number;
  year?: number;
  /** 0-11; undefined for a Chinese day-only date ("12日"), which takes the publication month. */
  month?: number;
  day: number;
  endDay?: number;
  endMonth?: number;
}

const EN_MONTHS = [
  ['January', 'Jan'],
  ['February', 'Feb'],
  ['March', 'Mar'],
  ['April', 'Apr'],
  ['May'],
  ['June', 'Jun'],
  ['July', 'Jul'],
  ['August', 'Aug'],
  ['September', 'Sept', 'Sep'],
  ['October', 'Oct'],
  ['November', 'Nov'],
  ['December', 'Dec'],
];
const RU_MONTHS = [
  'январ',
  'феврал',
  'март',
  'апрел',
  'ма',
  'июн',
  'июл',
  'август',
  'сентябр',
  'октябр',
  'ноябр',
  'декабр',
];
const RU_MONTH_FORMS = 'января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря';

// English month names are matched capitalised only: "may" is also a verb.
const EN_MONTH = `(${EN_MONTHS.flat().join('|')})\\.?`;
const ORD = '(?:st|nd|rd|th)?';
const DASH = '\\s*[-‐‑–—]\\s*';
const PATTERNS: { regex: RegExp; read: (m: RegExpExecArray) => Omit<Found, 'index' | 'end'> | null }[] = [
  {
    regex: /(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)/gu,
    read: (m) => ({ year: num(m[1]), month: num(m[2]) - 1, day: num(m[3]) }),
  },
  {
    // 12 March 2025, 12–15 March, 12th of March
    regex: new RegExp(
      `(?<![\\d\\p{L}])(\\d{1,2})${ORD}(?:${DASH}(\\d{1,2})${ORD})?\\s+(?:of\\s+)?${EN_MONTH}(?:,?\\s+(\\d{4}))?(?![\\p{L}\\d])`,
      'gu',
    ),
    read: (m) => ({ day: num(m[1]), endDay: opt(m[2]), month: enMonth(m[3]), year: opt(m[4]) }),
  },
  {
    // March 12, 2025; March 12–15
    regex: new RegExp(
      `(?<![\\p{L}])${EN_MONTH}\\s+(\\d{1,2})${ORD}(?!\\d)(?:${DASH}(\\d{1,2})${ORD}(?!\\d))?(?:,?\\s+(\\d{4}))?(?![\\p{L}\\d])`,
      'gu',
    ),
    read: (m) => ({ month: enMonth(m[1]), day: num(m[2]), endDay: opt(m[3]), year: opt(m[4]) }),
  },
  {
    // 12 марта 2025 года, 12–15 июня
    regex: new RegExp(
      `(?<![\\d\\p{L}])(\\d{1,2})(?:${DASH}(\\d{1,2}))?\\s+(${RU_MONTH_FORMS})(?:\\s+(\\d{4}))?(?![\\p{L}\\d])`,
      'giu',
    ),
    read: (m) => ({ day: num(m[1]), endDay: opt(m[2]), month: ruMonth(m[3]), year: opt(m[4]) }),
  },
  {
    // 2025年3月12日, 3月12日至15日, 3月30日至4月2日
    regex: /(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日(?:\s*(?:至|到|[-–—~～])\s*(?:(\d{1,2})月)?(\d{1,2})日)?/gu,
    read: (m) => ({
      year: opt(m[1]),
      month: num(m[2]) - 1,
      day: num(m[3]),
      endMonth: m[4] === undefined ? undefined : num(m[4]) - 1,
      endDay: opt(m[5]),
    }),
  },
  {
    // "12日，…" in the publication month; not "30日内" (within 30 days) and the like
    regex: /(?<![\d月])(\d{1,2})日(?![内起前后以来电])/gu,
    read: (m) => ({ day: num(m[1]) }),
  },
];

const datelines = new TermMatcher(IGNORED_LEXICON);
const DAY_MS = 86_400_000;

export function findEventDate(item: DatedText): EntryDate {
  const published = new Date(item.publishedAt);
  if (Number.isNaN(published.getTime())) throw new Error(`Not an ISO time: "${item.publishedAt}"`);
  const candidates = [item.title, item.excerpt].flatMap((text) => {
    const skip = datelines.find(text, 'text');
    return findDates(text).map((found) => ({
      found,
      inDateline: skip.some((d) => d.start < found.end && found.index < d.end),
    }));
  });
  const ordered = [...candidates.filter((c) => !c.inDateline), ...candidates.filter((c) => c.inDateline)];
  for (const { found } of ordered) {
    const date = toEntryDate(found, published);
    if (date) return date;
  }
  return { start: published.toISOString().slice(0, 10), precision: 'day' };
}

function findDates(text: string): Found[] {
  const found: Found[] = [];
  for (const { regex, read } of PATTERNS) {
    regex.lastIndex = 0;
    for (let m = regex.exec(text); m !== null; m = regex.exec(text)) {
      const parts = read(m);
      const index = m.index;
      const end = index + m[0].length;
      // Earlier patterns are more specific; a later one may not claim the same stretch.
      if (parts && !found.some((f) => f.index < end && index < f.end)) found.push({ ...parts, index, end });
    }
  }
  return found.sort((a, b) => a.index - b.index);
}

function toEntryDate(found: Found, published: Date): EntryDate | null {
  const pubYear = published.getUTCFullYear();
  let month = found.month;
  let year = found.year ?? pubYear;
  if (month === undefined) {
    // A bare "12日": this month, or last month when the 12th is still to come.
    month = published.getUTCMonth();
    if (found.day > published.getUTCDate() + 1) month -= 1;
    if (month < 0) [month, year] = [11, year - 1];
  } else if (
    found.year === undefined &&
    Date.UTC(year, month, found.day) > published.getTime() + 60 * DAY_MS
  ) {
    // "on 28 December" in a story of 3 January happened last year, not next December.
    year -= 1;
  }
  const start = isoDay(year, month, found.day);
  if (!start) return null;
  if (found.endDay !== undefined) {
    const end = isoDay(year, found.endMonth ?? month, found.endDay);
    if (end && end > start) return { start, end, precision: 'range' };
  }
  return { start, precision: 'day' };
}

function isoDay(year: number, month: number, day: number): string | null {
  if (year < 1900 || year > 2200 || month < 0 || month > 11 || day < 1) return null;
  const date = new Date(Date.UTC(year, month, day));
  if (date.getUTCMonth() !== month) return null;
  return date.toISOString().slice(0, 10);
}

const num = (s: string | undefined): number => Number(s);
const opt = (s: string | undefined): number | undefined => (s === undefined ? undefined : Number(s));
const enMonth = (name: string | undefined): number =>
  EN_MONTHS.findIndex((forms) => forms.includes(name ?? ''));
const ruMonth = (name: string | undefined): number => {
  const lower = (name ?? '').toLowerCase();
  // "ма" (мая) is a prefix of "март" (марта): check the longer stems first.
  return (
    RU_MONTHS.map((stem, i) => [stem, i] as const)
      .sort((a, b) => b[0].length - a[0].length)
      .find(([stem]) => lower.startsWith(stem))?.[1] ?? -1
  );
};
