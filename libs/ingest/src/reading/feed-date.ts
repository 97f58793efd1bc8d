/**
 * Dates as feeds write them: RFC 822 (with wrong weekdays, two-digit years, named zones), ISO
 * 8601, SQL `YYYY-MM-DD HH:MM:SS`, Unix epoch seconds or milliseconds, `DD.MM.YYYY`, month names
 * in English, Russian, Ukrainian, Greek, French, German, Spanish, Portuguese, Italian, Dutch and
 * Turkish, and `2024年4月15日`. A date with no zone is taken as UTC.
 */

// Longest prefixes first, so "juil" (July) is tried before "jui…" could mean June.
const MONTH_PREFIXES: [prefix: string, month: number][] = (
  [
    ['january jan janv ene gen oca січ ιαν', 1],
    ['february feb fev fevr şub sub лют φεβ', 2],
    ['march mar mär maer mrz maa mrt бер μαρ', 3],
    ['april apr avr abr nis кві απρ', 4],
    ['may mai mag mei тра μαι', 5],
    ['june juin jun giu haz чер ιουν', 6],
    ['july juil jul lug tem лип ιουλ', 7],
    ['august aug août aout ago agu ağu сер αυγ', 8],
    ['september sept sep set eyl вер σεπ', 9],
    ['october oct okt out ott eki жов οκτ', 10],
    ['november nov kas лис νοε', 11],
    ['december dec dez déc dic ara гру δεκ', 12],
    // Russian, by stem: "апреля", "апр.", "май", "мая".
    ['янв', 1],
    ['фев', 2],
    ['мар', 3],
    ['апр', 4],
    ['мая май', 5],
    ['июн', 6],
    ['июл', 7],
    ['авг', 8],
    ['сен', 9],
    ['окт', 10],
    ['ноя', 11],
    ['дек', 12],
  ] as [string, number][]
)
  .flatMap(([names, month]) => names.split(' ').map((p): [string, number] => [fold(p), month]))
  .sort((a, b) => b[0].length - a[0].length);

/** Lower case without accents: "Févr." → "fevr", "Μαΐου" → "μαιου". */
function fold(word: string): string {
  return word.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replace(/\.$/, '');
}

function monthOf(word: string): number | null {
  const w = fold(word);
  if (w.length < 3) return null;
  for (const [prefix, month] of MONTH_PREFIXES) {
    // Full names and abbreviations: the word starts with the prefix and is not much longer
    // than a month name can be ("sept" in "september", "апреля" from "апр").
    if (w.startsWith(prefix) && w.length <= 10) return month;
  }
  return null;
}

const ZONES: Record<string, number> = {
  z: 0,
  ut: 0,
  utc: 0,
  gmt: 0,
  wet: 0,
  bst: 60,
  cet: 60,
  met: 60,
  cest: 120,
  mest: 120,
  eet: 120,
  eest: 180,
  msk: 180,
  msd: 240,
  ist: 330,
  pkt: 300,
  almt: 360,
  uzt: 300,
  tjt: 300,
  kgt: 360,
  hkt: 480,
  cst8: 480,
  jst: 540,
  kst: 540,
  aest: 600,
  aedt: 660,
  est: -300,
  edt: -240,
  cst: -360,
  cdt: -300,
  mst: -420,
  mdt: -360,
  pst: -480,
  pdt: -420,
  akst: -540,
  akdt: -480,
  hst: -600,
};

function offsetOf(token: string): number | null {
  const t = token.toLowerCase().replace(/^\(|\)$/g, '');
  const numeric = /^(?:gmt|utc)?([+-])(\d{1,2}):?(\d{2})?$/.exec(t);
  if (numeric) {
    const minutes = Number(numeric[2]) * 60 + Number(numeric[3] ?? 0);
    return minutes > 14 * 60 ? null : (numeric[1] === '-' ? -1 : 1) * minutes;
  }
  return ZONES[t] ?? null;
}

function build(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, offsetMinutes = 0): Date | null {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 24 || mi > 59 || s > 60) return null;
  const ms = Date.UTC(y, mo - 1, d, h, mi, Math.min(s, 59));
  const check = new Date(ms);
  // Date.UTC rolls 31 April over to 1 May; such a date is wrong, not late.
  if (check.getUTCDate() !== d || check.getUTCMonth() !== mo - 1) return null;
  return new Date(ms - offsetMinutes * 60_000);
}

const fullYear = (y: number): number => (y >= 100 ? y : y < 50 ? 2000 + y : 1900 + y);

function parseIso(s: string): Date | null {
  const m =
    /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?\s*(Z|[A-Za-z]{1,5}|[+-]\d{2}(?::?\d{2})?)?$/i.exec(
      s,
    );
  if (!m) return null;
  const offset = m[7] ? offsetOf(m[7]) : 0;
  if (offset === null) return null;
  return build(+m[1]!, +m[2]!, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), offset);
}

function parseCjk(s: string): Date | null {
  const m = /(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日(?:\D*?(\d{1,2})[:時时](\d{2}))?/.exec(s);
  return m ? build(+m[1]!, +m[2]!, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0)) : null;
}

const ENGLISH_MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const RFC_1123 =
  /^(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?(\d{1,2}) ([A-Za-z]{3}) (\d{4}) (\d{1,2}):(\d{2}):(\d{2}) (GMT|UTC|UT|Z|[+-]\d{4})$/;

/**
 * Most feeds write their dates as `Tue, 15 Apr 2025 10:00:00 GMT`; this reads that one form
 * directly, exactly as parseTokens would, and leaves everything else (and the odd year or zone)
 * to parseTokens.
 */
function parseRfc1123(s: string): Date | null {
  const m = RFC_1123.exec(s);
  if (!m) return null;
  const month = ENGLISH_MONTHS.indexOf(m[2]!.toLowerCase()) + 1;
  const year = +m[3]!;
  const offset = offsetOf(m[7]!);
  if (month === 0 || year < 1900 || year > 2200 || offset === null) return null;
  return build(year, month, +m[1]!, +m[4]!, +m[5]!, +m[6]!, offset);
}

/** RFC 822 and everything else made of a day, a month (name or number), a year, a time and a zone. */
function parseTokens(s: string): Date | null {
  const tokens = s
    .replace(/(\d)(?:st|nd|rd|th)\b/gi, '$1')
    // "10:00:00+0300" → "10:00:00 +0300"; "15-Apr-2024" → "15 Apr 2024" (a leading "-0500" stays).
    .replace(/(\d)([+-]\d{2}:?\d{2})\b/g, '$1 $2')
    .split(/[\s,]+|(?<=[\p{L}\d])-(?=[\p{L}\d])/u)
    .filter(Boolean);
  let day: number | null = null;
  let month: number | null = null;
  let year: number | null = null;
  let time: [number, number, number] | null = null;
  let offset: number | null = null;
  const bare: number[] = [];
  // A weekday can look like a month ("mar" is Spanish Tuesday and March); it comes first, so the last month name wins.
  const months: number[] = [];
  for (const token of tokens) {
    const t = token.replace(/\.$/, '');
    const clock = /^(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?(am|pm)?$/i.exec(t);
    if (clock && !time) {
      let h = +clock[1]!;
      if (clock[4]?.toLowerCase() === 'pm' && h < 12) h += 12;
      if (clock[4]?.toLowerCase() === 'am' && h === 12) h = 0;
      time = [h, +clock[2]!, +(clock[3] ?? 0)];
      continue;
    }
    if (/^[ap]m$/i.test(t) && time) {
      // "3:45 pm": the marker as a word of its own.
      if (t.toLowerCase() === 'pm' && time[0] < 12) time[0] += 12;
      if (t.toLowerCase() === 'am' && time[0] === 12) time[0] = 0;
      continue;
    }
    const dotted = /^(\d{1,2})[./](\d{1,2})[./](\d{2,4})$/.exec(t);
    if (dotted && month === null) {
      const [a, b] = [+dotted[1]!, +dotted[2]!];
      // Day first (as in most of the world) unless that cannot be.
      [day, month] = b > 12 ? [b, a] : [a, b];
      year = fullYear(+dotted[3]!);
      continue;
    }
    if (/^\d+$/.test(t)) {
      bare.push(+t);
      continue;
    }
    const zone = offsetOf(t);
    if (zone !== null && offset === null && (/^[+-]|^(gmt|utc)/i.test(t) || time !== null)) {
      offset = zone;
      continue;
    }
    const named = monthOf(t);
    if (named !== null) months.push(named);
  }
  month ??= months.at(-1) ?? null;
  for (const n of bare) {
    if (n >= 1900 && n <= 2200 && year === null) year = n;
    else if (n >= 1 && n <= 31 && day === null) day = n;
    else if (year === null && day !== null && n < 100) year = fullYear(n);
  }
  if (day === null || month === null || year === null) return null;
  const [h, mi, sec] = time ?? [0, 0, 0];
  return build(year, month, day, h, mi, sec, offset ?? 0);
}

/** The moment a feed's date string names, or null when it names none. */
export function parseFeedDate(raw: string | null | undefined): Date | null {
  const s = (raw ?? '').trim().replace(/\s+/g, ' ');
  if (!s) return null;
  if (/^\d{9,10}$/.test(s)) return new Date(Number(s) * 1000);
  if (/^\d{12,13}$/.test(s)) return new Date(Number(s));
  const date = parseIso(s) ?? parseCjk(s) ?? parseRfc1123(s) ?? parseTokens(s);
  // No Date.parse fallback: it reads "31 Apr" as 1 May and "Monday 5" as a date in 2001.
  return date && !Number.isNaN(date.getTime()) ? date : null;
}
