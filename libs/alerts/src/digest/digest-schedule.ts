/** Pure: the cron pattern of the daily digest, at the top of `hourUtc` (with `tz: 'UTC'`). */
export function digestCronPattern(hourUtc: number): string {
  if (!Number.isInteger(hourUtc) || hourUtc < 0 || hourUtc > 23) {
    throw new Error(`DIGEST_HOUR_UTC must be a whole hour 0-23 (got ${hourUtc})`);
  }
  return `0 ${hourUtc} * * *`;
}
