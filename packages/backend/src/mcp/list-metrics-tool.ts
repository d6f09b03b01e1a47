/**
 * list_metrics: the metric families /api/v1/metadata describes (type, help, unit), in name order,
 * optionally those whose name an RE2 pattern finds. The pattern is unanchored, as grep reads
 * one (`http` finds http_requests_total; `^http_` anchors), and compiled by the project's one
 * regex module (re2js through compileAnchored), so its syntax and errors are Go's.
 */
import type { McpServer } from '@modelcontextprotocol/server';
import { compileAnchored, RegexSyntaxError } from '@otel-lab/promql';
import { z } from 'zod';
import type { MetricMetadata } from '../metrics/sample.js';
import { metadataEndpoint } from '../query/prometheus/status-endpoints.js';
import { logged } from './call-log.js';
import { capList, listShape, toolAnswer } from './tool-answer.js';

export interface MetricInfo {
  metric: string;
  type: string;
  help: string;
  unit: string;
}

/** A test of names: `pattern` found anywhere in one. */
function nameTest(pattern: string): (name: string) => boolean {
  try {
    // Compiled alone first: wrapped, an unbalanced `a)(b` would become valid.
    compileAnchored(pattern);
    return compileAnchored(`.*(?:${pattern}).*`).test;
  } catch (error) {
    if (error instanceof RegexSyntaxError) throw new Error(`match: ${error.message}`);
    throw error;
  }
}

/** /api/v1/metadata's families, flat, filtered by `match`. */
export function metricList(
  metadata: ReadonlyMap<string, MetricMetadata>,
  match?: string,
): MetricInfo[] {
  const test = match ? nameTest(match) : () => true;
  const { data } = metadataEndpoint(metadata, new URLSearchParams()) as {
    data: Record<string, { type: string; help: string; unit: string }[]>;
  };
  return Object.entries(data)
    .filter(([metric]) => test(metric))
    .map(([metric, [entry]]) => ({ metric, ...(entry as Omit<MetricInfo, 'metric'>) }));
}

const metricInfo = z.object({
  metric: z.string(),
  type: z.string(),
  help: z.string(),
  unit: z.string(),
});

export function registerListMetrics(
  server: McpServer,
  metadata: ReadonlyMap<string, MetricMetadata>,
  log: (message: string) => void,
): void {
  server.registerTool(
    'list_metrics',
    {
      description:
        'Metric families with their type, help and unit, as /api/v1/metadata gives them, in ' +
        'name order. Query one with query_promql.',
      inputSchema: z.object({
        match: z
          .string()
          .min(1)
          .optional()
          .describe('an RE2 regex found anywhere in the name: http, ^payment_, _seconds$'),
      }),
      outputSchema: listShape(metricInfo),
      annotations: { readOnlyHint: true },
    },
    logged(log, 'list_metrics', async ({ match }: { match?: string }) => {
      const metrics = metricList(metadata, match);
      const answer = capList(metrics, 'give match a narrower pattern, e.g. ^http_');
      return toolAnswer(`${metrics.length} metrics`, answer);
    }),
  );
}
