/** The longest wait a Retry-After may impose; beyond it the feed is tried again anyway. */
export const MAX_RETRY_AFTER_MS = 7 * 86_400_000;

/**
 * A Retry-After header (RFC 9110 §10.2.3) as milliseconds from `now`: either delay-seconds or an
 * HTTP date. Null when absent or unreadable; a date in the past is 0.
 */
export function parseRetryAfter(value: string | undefined | null, now: Date): number | null {
  const text = value?.trim();
  if (!text) return null;
  if (/^\d+$/.test(text)) return Math.min(Number(text) * 1000, MAX_RETRY_AFTER_MS);
  // IMF-fixdate, and the obsolete RFC 850 and asctime forms, all of which Date.parse reads; asctime
  // has no zone but means GMT, and Date.parse would read it as local time.
  if (!/[a-z]/i.test(text)) return null;
  const at = Date.parse(/(GMT|UTC|[+-]\d{4})\s*$/i.test(text) ? text : `${text} GMT`);
  if (Number.isNaN(at)) return null;
  return Math.min(Math.max(0, at - now.getTime()), MAX_RETRY_AFTER_MS);
}
