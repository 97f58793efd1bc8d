import type { EntryDate } from '@app/timeline';

import { IGNORED_LEXICON } from './lexicon/context';
import { TermMatcher } from './term-matcher';

/**
 * When did it happen? The first explicit date in the title, else in the text ("on 12 March",
 * "March 12, 2025", "12–15 июня", "3月12日", "12日"), with the year of publication unless the text
 * gives one; else a weekday ("on Wednesday", "в среду", "周三"), the latest such day on or before
 * the publication (news reports what happened; "last Wednesday", "в прошлую среду" the one before
 * the day of publication, 上周三 and 下周三 the Wednesday of the week before or after); else the day
 * of publication. A date the news agency's dateline carries is the filing
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
  /** A weekday reference, resolved against the publication date: 0 Sunday … 6 Saturday. */
  weekday?: number;
  /** 'last': strictly before the day of publication; 'week-1' / 'week0' / 'week+1': a calendar week. */
  relative?: 'last' | 'week-1' | 'week0' | 'week+1';
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

const EN_WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const RU_WEEKDAYS = ['воскресенье', 'понедельник', 'вторник', 'среду', 'четверг', 'пятницу', 'субботу'];
const ZH_WEEKDAYS = '日一二三四五六';

/** Weekdays, tried only where no explicit date was found (they say less). */
const WEEKDAY_PATTERNS: {
  regex: RegExp;
  read: (m: RegExpExecArray) => Omit<Found, 'index' | 'end'> | null;
}[] = [
  {
    // on Wednesday, last Wednesday (capitalised: a name)
    regex: new RegExp(`(?<![\\p{L}])(?:(last|this)\\s+)?(${EN_WEEKDAYS.join('|')})(?![\\p{L}])`, 'giu'),
    read: (m) => {
      const weekday = EN_WEEKDAYS.findIndex((d) => d.toLowerCase() === (m[2] ?? '').toLowerCase());
      if (!/^[A-Z]/.test(m[2] ?? '')) return null;
      return { day: 0, weekday, relative: m[1]?.toLowerCase() === 'last' ? 'last' : undefined };
    },
  },
  {
    // в среду, во вторник, в прошлую пятницу
    regex: new RegExp(
      `(?<![\\p{L}])во?\\s+(?:(прошл(?:ый|ое|ую)|эт(?:от|о|у))\\s+)?(${RU_WEEKDAYS.join('|')})(?![\\p{L}])`,
      'giu',
    ),
    read: (m) => ({
      day: 0,
      weekday: RU_WEEKDAYS.indexOf((m[2] ?? '').toLowerCase()),
      relative: m[1]?.toLowerCase().startsWith('прошл') ? 'last' : undefined,
    }),
  },
  {
    // 周三, 星期三, 上周三, 本周五, 下周一 (traditional 週, 禮拜 too)
    regex: /(上|本|这|這|下)?(?:周|週|星期|礼拜|禮拜)([日天一二三四五六])/gu,
    read: (m) => ({
      day: 0,
      weekday: m[2] === '天' ? 0 : ZH_WEEKDAYS.indexOf(m[2] ?? ''),
      relative: m[1] === '上' ? 'week-1' : m[1] === '下' ? 'week+1' : m[1] ? 'week0' : undefined,
    }),
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
  for (const text of [item.title, item.excerpt]) {
    const [weekday] = findDates(text, WEEKDAY_PATTERNS);
    if (weekday) return { start: resolveWeekday(weekday, published), precision: 'day' };
  }
  return { start: published.toISOString().slice(0, 10), precision: 'day' };
}

function findDates(text: string, patterns = PATTERNS): Found[] {
  const found: Found[] = [];
  for (const { regex, read } of patterns) {
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

/** The day a weekday reference names, counted from the day of publication (UTC). */
function resolveWeekday(found: Found, published: Date): string {
  const day = Date.UTC(published.getUTCFullYear(), published.getUTCMonth(), published.getUTCDate());
  const today = published.getUTCDay();
  const weekday = found.weekday ?? today;
  let offset: number;
  if (found.relative?.startsWith('week')) {
    // Chinese weeks run Monday to Sunday.
    const monday = -((today + 6) % 7);
    const week = found.relative === 'week-1' ? -7 : found.relative === 'week+1' ? 7 : 0;
    offset = monday + ((weekday + 6) % 7) + week;
  } else {
    offset = -((today - weekday + 7) % 7);
    if (found.relative === 'last' && offset === 0) offset = -7;
  }
  return new Date(day + offset * DAY_MS).toISOString().slice(0, 10);
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
