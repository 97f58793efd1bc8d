import { MAX_RETRY_AFTER_MS, parseRetryAfter } from './retry-after';

const now = new Date('2026-03-01T12:00:00.000Z');

describe('Retry-After', () => {
  it('reads delay-seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });

  it('reads an HTTP date in each of its three forms', () => {
    expect(parseRetryAfter('Sun, 01 Mar 2026 12:05:00 GMT', now)).toBe(300_000);
    expect(parseRetryAfter('Sunday, 01-Mar-26 12:05:00 GMT', now)).toBe(300_000);
    expect(parseRetryAfter('Sun Mar  1 12:05:00 2026', now)).toBe(300_000);
  });

  it('treats a date in the past as no wait, and caps a very long one', () => {
    expect(parseRetryAfter('Sun, 01 Mar 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('99999999', now)).toBe(MAX_RETRY_AFTER_MS);
  });

  it('ignores what it cannot read', () => {
    for (const value of [undefined, null, '', 'soon', '-5', '1.5', 'Sun, 99 Foo 2026']) {
      expect(parseRetryAfter(value, now)).toBeNull();
    }
  });
});
