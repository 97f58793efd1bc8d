import { DELIVERY_GAUGES } from '@app/alerts';
import { Database } from '@app/database';
import { EventStore } from '@app/event-store';
import { FEED_GAUGES } from '@app/ingest';
import { REVIEW_GAUGES } from '@app/review';
import { TIMELINE_GAUGES } from '@app/timeline';
import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';

/**
 * Prometheus metrics (DESIGN.md section 9): the process's own (memory, event loop, GC), the log's
 * head, and the counts each library defines of its own state (its `*_GAUGES`), read fresh at each scrape, so every API
 * process reports the same totals and nothing needs keeping in step.
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
    for (const gauge of [...TIMELINE_GAUGES, ...REVIEW_GAUGES, ...FEED_GAUGES, ...DELIVERY_GAUGES]) {
      const labelNames = [...gauge.labelNames];
      new Gauge({
        name: gauge.name,
        help: gauge.help,
        labelNames,
        registers: [this.registry],
        collect: async function (this: Gauge) {
          this.reset();
          for (const row of await database.query(gauge.sql)) {
            this.set(
              Object.fromEntries(labelNames.map((label) => [label, String(row[label])])),
              Number(row.n),
            );
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
