/**
 * A count a library reports about its own state for /metrics: rows of its own tables grouped by
 * the label columns (`SELECT <labels…>, COUNT(*) AS n … GROUP BY …`). Each library owns its query;
 * the metrics endpoint only runs them, fresh at each scrape.
 */
export interface CountGauge {
  name: string;
  help: string;
  labelNames: readonly string[];
  sql: string;
}
