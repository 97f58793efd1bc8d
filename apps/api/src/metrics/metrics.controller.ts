import { Database } from '@app/database';
import { EventStore } from '@app/event-store';
import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';

/** Counts read from the database at each scrape: `[metric, help, labels, query]`. */
const TABLE_GAUGES: Array<[string, string, string[], string]> = [
  [
    'timeline_entries',
    'Timeline entries by status',
    ['status'],
    'SELECT status, COUNT(*) AS n FROM timeline_entries GROUP BY status',
  ],
  [
    'timeline_candidates',
    'Review candidates by status',
    ['status'],
    'SELECT status, COUNT(*) AS n FROM review_candidates GROUP BY status',
  ],
  [
    'timeline_feeds',
    'Active feeds by health: ok, failing (its last poll failed) or never polled',
    ['health'],
    `SELECT CASE WHEN s.last_polled_at IS NULL THEN 'never-polled'
                 WHEN s.consecutive_failures > 0 THEN 'failing' ELSE 'ok' END AS health, COUNT(*) AS n
       FROM feeds f LEFT JOIN feed_state s ON s.feed_id = f.id WHERE f.active = 1 GROUP BY 1`,
  ],
  [
    'timeline_deliveries',
    'Alert deliveries by channel and status',
    ['channel', 'status'],
    'SELECT channel, status, COUNT(*) AS n FROM deliveries GROUP BY channel, status',
  ],
];

/**
 * Prometheus metrics (DESIGN.md section 9): the process's own (memory, event loop, GC) and the
 * state of the product, read fresh from the database at each scrape, so every API process reports
 * the same totals and nothing needs keeping in step.
 */
@ApiTags('health')
@Controller('metrics')
export class MetricsController {
  private readonly registry = new Registry();

  constructor(@Inject(Database) database: Database, @Inject(EventStore) events: EventStore) {
    collectDefaultMetrics({ register: this.registry, prefix: 'timeline_' });
    new Gauge({
      name: 'timeline_log_position',
      help: 'Position of the newest event in the log',
      registers: [this.registry],
      collect: async function (this: Gauge) {
        this.set((await events.head()).position);
      },
    });
    for (const [name, help, labelNames, sql] of TABLE_GAUGES) {
      new Gauge({
        name,
        help,
        labelNames,
        registers: [this.registry],
        collect: async function (this: Gauge) {
          this.reset();
          for (const row of await database.query(sql)) {
            const labels = Object.fromEntries(labelNames.map((label) => [label, String(row[label])]));
            this.set(labels, Number(row.n));
          }
        },
      });
    }
  }

  @Get()
  @Header('Cache-Control', 'no-store')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({ summary: 'Prometheus metrics' })
  async scrape(): Promise<string> {
    return this.registry.metrics();
  }
}
