/**
 * query_promql: PromQL as /api/v1/query (instant) or /api/v1/query_range (with start and step)
 * runs it: the same endpoint functions, the same worker pool and limits, so the parameter
 * checks, errors and results are the API's; the answer is then cut to fit (promql-answer.ts).
 */
import type { McpServer, ServerContext } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { ApiError } from '../query/prometheus/api-response.js';
import {
  instantQueryEndpoint,
  type QueryEndpointResult,
  rangeQueryEndpoint,
} from '../query/prometheus/query-endpoints.js';
import type { QueryLimits } from '../query/prometheus/query-limits.js';
import type { QueryRunner } from '../query/prometheus/query-runner.js';
import { SampleLimitError } from '../query/prometheus/series-source.js';
import { parsePrometheusDuration } from '../rules/prometheus-duration.js';
import { logged } from './call-log.js';
import { type ApiData, MAX_POINTS, MAX_SERIES, promqlAnswer } from './promql-answer.js';
import { toolAnswer } from './tool-answer.js';

const time = z.union([z.string().min(1), z.number()]);

export const queryPromqlInput = z.object({
  query: z.string().min(1).describe('a PromQL expression, e.g. sum by (job) (rate(x_total[5m]))'),
  time: time.optional().describe('instant query: when; RFC 3339 or unix seconds; now'),
  start: time
    .optional()
    .describe('range query: RFC 3339, unix seconds, or a duration before end (1h)'),
  end: time.optional().describe('range query: RFC 3339 or unix seconds; now'),
  step: time.optional().describe('range query: a duration (15s, 1m) or seconds'),
});

type QueryPromqlArgs = z.infer<typeof queryPromqlInput>;

const point = z.tuple([z.number(), z.union([z.number(), z.string()])]);
const promqlOutput = z.object({
  resultType: z.enum(['vector', 'matrix', 'scalar', 'string']),
  items: z.array(
    z.object({
      labels: z.record(z.string(), z.string()),
      value: point.optional(),
      values: z.array(point).optional(),
      pointCount: z.number().optional(),
    }),
  ),
  total: z.number(),
  truncated: z.boolean(),
  narrow: z.string().optional(),
  warnings: z.array(z.string()).optional(),
});

/** `start` given as a Prometheus duration (`1h`): that long before `end`. */
function startOf(start: string | number, endSeconds: number): string {
  const text = String(start);
  if (!/^(\d+(ms|[smhdwy]))+$/.test(text)) return text;
  const ms = parsePrometheusDuration(text);
  if (ms instanceof Error) throw new Error(`start: ${ms.message}`);
  return String(endSeconds - ms / 1000);
}

/** The query string /api/v1/query or /api/v1/query_range takes for the same question. */
export function promqlParams(
  args: QueryPromqlArgs,
  nowMs: number,
): { range: boolean; params: URLSearchParams } {
  const params = new URLSearchParams({ query: args.query });
  const range = args.start !== undefined || args.step !== undefined || args.end !== undefined;
  if (!range) {
    if (args.time !== undefined) params.set('time', String(args.time));
    return { range, params };
  }
  if (args.time !== undefined) throw new Error('give time (instant) or start and step (range)');
  if (args.start === undefined || args.step === undefined) {
    throw new Error('a range query needs start and step (end: now by default)');
  }
  const end = args.end === undefined ? String(nowMs / 1000) : String(args.end);
  const endSeconds = Number.isFinite(Number(end)) ? Number(end) : Date.parse(end) / 1000;
  params.set('start', startOf(args.start, endSeconds));
  params.set('end', end);
  params.set('step', String(args.step));
  return { range, params };
}

/** Prometheus's error, as the API's body has it: `bad_data: invalid parameter "query": …`. */
function toolError(error: unknown): unknown {
  if (error instanceof ApiError) return new Error(`${error.errorType}: ${error.message}`);
  if (error instanceof SampleLimitError) return new Error(`execution: ${error.message}`);
  return error;
}

function dataOf(result: QueryEndpointResult): ApiData {
  const text = result.json ?? new TextDecoder().decode(result.bytes);
  return JSON.parse(text) as ApiData;
}

export function registerQueryPromql(
  server: McpServer,
  metrics: { runner: QueryRunner; limits: QueryLimits },
  log: (message: string) => void,
): void {
  server.registerTool(
    'query_promql',
    {
      description:
        'Runs PromQL as /api/v1/query (instant, at time) or /api/v1/query_range (with start ' +
        `and step). At most ${MAX_SERIES} series of ${MAX_POINTS} points each (the latest).`,
      inputSchema: queryPromqlInput,
      outputSchema: promqlOutput,
      annotations: { readOnlyHint: true },
    },
    logged(log, 'query_promql', async (args: QueryPromqlArgs, ctx: ServerContext) => {
      const began = Date.now();
      const { range, params } = promqlParams(args, began);
      // Aborted when the agent's request goes away (the transport closes): the query stops too.
      const context = { limits: metrics.limits, began, signal: ctx.mcpReq.signal };
      let result: QueryEndpointResult;
      try {
        result = range
          ? await rangeQueryEndpoint(metrics.runner, params, context)
          : await instantQueryEndpoint(metrics.runner, params, context);
      } catch (error) {
        throw toolError(error);
      }
      const answer = promqlAnswer(dataOf(result));
      const warnings = result.warnings ?? [];
      const content = warnings.length > 0 ? { ...answer, warnings } : answer;
      const [only] = answer.items;
      const summary =
        answer.resultType === 'scalar' || answer.resultType === 'string'
          ? `${answer.resultType}: ${only?.value?.[1]}`
          : `${answer.resultType}: ${answer.total} series`;
      return toolAnswer(summary, content);
    }),
  );
}
