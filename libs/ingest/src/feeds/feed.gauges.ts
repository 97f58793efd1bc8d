import type { CountGauge } from '@app/runtime';

/** What ingest reports of its state at /metrics. */
export const FEED_GAUGES: readonly CountGauge[] = [
  {
    name: 'timeline_feeds',
    help: 'Active feeds by health: ok, failing (its last poll failed), never polled, or paused',
    labelNames: ['health'],
    sql: `SELECT CASE WHEN f.paused_at IS NOT NULL THEN 'paused' WHEN s.last_polled_at IS NULL THEN 'never-polled'
                 WHEN s.consecutive_failures > 0 THEN 'failing' ELSE 'ok' END AS health, COUNT(*) AS n
      FROM feeds f LEFT JOIN feed_state s ON s.feed_id = f.id WHERE f.active = 1 GROUP BY 1`,
  },
];
