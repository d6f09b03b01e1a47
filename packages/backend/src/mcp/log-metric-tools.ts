/** The tools that read logs and metrics: search_logs, list_metrics and query_promql. */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { McpServer } from '@modelcontextprotocol/server';
import type { MetricMetadata } from '../metrics/sample.js';
import type { QueryLimits } from '../query/prometheus/query-limits.js';
import type { QueryRunner } from '../query/prometheus/query-runner.js';
import { registerListMetrics } from './list-metrics-tool.js';
import { registerQueryPromql } from './promql-tool.js';
import { registerSearchLogs } from './search-logs-tool.js';

/** What these tools read, as McpSources (mcp-api.ts) carries it. */
export interface LogMetricSources {
  reader: DuckDBConnection;
  metrics?: {
    runner: QueryRunner;
    limits: QueryLimits;
    metadata: ReadonlyMap<string, MetricMetadata>;
  };
  logQueryTimeoutMs?: number;
}

export function registerLogMetricTools(
  server: McpServer,
  sources: LogMetricSources,
  log: (message: string) => void,
): void {
  registerSearchLogs(server, sources.reader, sources.logQueryTimeoutMs, log);
  // Without the metric sources there is nothing to list or query: the tools are left out.
  if (!sources.metrics) return;
  registerListMetrics(server, sources.metrics.metadata, log);
  registerQueryPromql(server, sources.metrics, log);
}
