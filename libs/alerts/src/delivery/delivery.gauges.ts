import type { CountGauge } from '@app/runtime';

/** What alerts reports of its state at /metrics. */
export const DELIVERY_GAUGES: readonly CountGauge[] = [
  {
    name: 'timeline_deliveries',
    help: 'Alert deliveries by channel and status',
    labelNames: ['channel', 'status'],
    sql: `SELECT channel, status, COUNT(*) AS n FROM deliveries GROUP BY channel, status`,
  },
];
