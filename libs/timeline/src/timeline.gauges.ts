import type { CountGauge } from '@app/runtime';

/** What the timeline reports of its state at /metrics. */
export const TIMELINE_GAUGES: readonly CountGauge[] = [
  {
    name: 'timeline_entries',
    help: 'Timeline entries by status',
    labelNames: ['status'],
    sql: `SELECT status, COUNT(*) AS n FROM timeline_entries GROUP BY status`,
  },
];
