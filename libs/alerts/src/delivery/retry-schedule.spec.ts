import { MAX_RETRY_AFTER_MS, nextAttemptAt, parseRetryAfter } from './retry-schedule';

const t0 = new Date('2026-01-01T00:00:00.000Z');
const at = (ms: number) => new Date(t0.getTime() + ms);
const schedule = [0, 10_000, 60_000, 600_000];
const noJitter = () => 0;

describe('retry schedule', () => {
  it('given a first failure, the first retry is due at once', () => {
    expect(
      nextAttemptAt({ scheduleMs: schedule, failures: 1, firstFailedAt: t0, now: t0, random: noJitter }),
    ).toEqual(t0);
  });

  it('counts each retry from the first failure, not from the last attempt', () => {
    const due = nextAttemptAt({
      scheduleMs: schedule,
      failures: 3,
      firstFailedAt: t0,
      now: at(12_000),
      random: noJitter,
    });
    expect(due).toEqual(at(60_000));
  });

  it('adds at most a tenth of the step as jitter', () => {
    const input = { scheduleMs: schedule, failures: 3, firstFailedAt: t0, now: at(12_000) };
    expect(nextAttemptAt({ ...input, random: () => 0.999 })!.getTime()).toBe(at(60_000 + 4_995).getTime());
    expect(nextAttemptAt({ ...input, random: () => 0.5 })!.getTime()).toBe(at(62_500).getTime());
  });

  it('never schedules in the past', () => {
    const due = nextAttemptAt({
      scheduleMs: schedule,
      failures: 2,
      firstFailedAt: t0,
      now: at(30_000),
      random: noJitter,
    });
    expect(due).toEqual(at(30_000));
  });

  it('gives up after the last step: the retry window is over', () => {
    expect(
      nextAttemptAt({
        scheduleMs: schedule,
        failures: 5,
        firstFailedAt: t0,
        now: at(700_000),
        random: noJitter,
      }),
    ).toBeNull();
    expect(
      nextAttemptAt({ scheduleMs: [], failures: 1, firstFailedAt: t0, now: t0, random: noJitter }),
    ).toBeNull();
  });

  it('honours Retry-After when it is later than the schedule, never earlier, and caps it', () => {
    const input = { scheduleMs: schedule, failures: 2, firstFailedAt: t0, now: at(1_000), random: noJitter };
    expect(nextAttemptAt({ ...input, retryAfterMs: 30_000 })).toEqual(at(31_000));
    expect(nextAttemptAt({ ...input, retryAfterMs: 2_000 })).toEqual(at(10_000));
    expect(nextAttemptAt({ ...input, retryAfterMs: 10 * MAX_RETRY_AFTER_MS })).toEqual(
      at(1_000 + MAX_RETRY_AFTER_MS),
    );
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('120', t0)).toBe(120_000);
    expect(parseRetryAfter(new Date(t0.getTime() + 5_000).toUTCString(), t0)).toBe(5_000);
    expect(parseRetryAfter('soon', t0)).toBeUndefined();
    expect(parseRetryAfter(undefined, t0)).toBeUndefined();
  });
});
