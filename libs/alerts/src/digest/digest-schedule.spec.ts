import { digestCronPattern } from './digest-schedule';

describe('digestCronPattern', () => {
  it('runs at the top of the configured hour every day', () => {
    expect(digestCronPattern(7)).toBe('0 7 * * *');
    expect(digestCronPattern(0)).toBe('0 0 * * *');
    expect(digestCronPattern(23)).toBe('0 23 * * *');
  });

  it('refuses an hour that is not one', () => {
    expect(() => digestCronPattern(24)).toThrow(/DIGEST_HOUR_UTC/);
    expect(() => digestCronPattern(6.5)).toThrow(/DIGEST_HOUR_UTC/);
  });
});
