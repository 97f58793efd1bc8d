import type { CountGauge } from '@app/runtime';

/** What review reports of its state at /metrics. */
export const REVIEW_GAUGES: readonly CountGauge[] = [
  {
    name: 'timeline_candidates',
    help: 'Review candidates by status',
    labelNames: ['status'],
    sql: `SELECT status, COUNT(*) AS n FROM review_candidates GROUP BY status`,
  },
];
