/** Retry-After beyond this is taken as this: a receiver cannot park a delivery for weeks. */
export const MAX_RETRY_AFTER_MS = 24 * 3_600_000;

/** Jitter adds up to this share of the gap since the previous step, so retries of many deliveries spread out. */
export const JITTER_SHARE = 0.1;

export interface RetryInput {
  /** Offsets from the first failure (ALERT_RETRY_SCHEDULE): retry n is due `scheduleMs[n-1]` after it. */
  scheduleMs: readonly number[];
  /** Failed attempts so far in this window, the one just made included (1 after the first failure). */
  failures: number;
  firstFailedAt: Date;
  now: Date;
  /** From a 429 or 503 answer's Retry-After. */
  retryAfterMs?: number;
  /** In [0, 1); injected so tests can pin the jitter. */
  random: () => number;
}

/**
 * Pure: when to try a failed delivery again, or null when the retry window is over. Retries are
 * counted from the first failure, with a little jitter on top; a Retry-After pushes the next attempt
 * later, never earlier; an attempt is never due in the past.
 */
export function nextAttemptAt(input: RetryInput): Date | null {
  const index = input.failures - 1;
  if (index < 0 || index >= input.scheduleMs.length) return null;
  const offset = input.scheduleMs[index]!;
  const gap = Math.max(0, offset - (index > 0 ? input.scheduleMs[index - 1]! : 0));
  const jitter = Math.floor(input.random() * JITTER_SHARE * gap);
  let due = Math.max(input.firstFailedAt.getTime() + offset + jitter, input.now.getTime());
  if (input.retryAfterMs !== undefined && input.retryAfterMs > 0) {
    due = Math.max(due, input.now.getTime() + Math.min(input.retryAfterMs, MAX_RETRY_AFTER_MS));
  }
  return new Date(due);
}

/**
 * Pure: a Retry-After header as milliseconds from `now` (delay-seconds or an HTTP date), or
 * undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | undefined, now: Date): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1_000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now.getTime());
}
