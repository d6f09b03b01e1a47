/**
 * explain_trace_errors: the failed spans of a trace (explain-errors.ts) with the log records of
 * those spans, as GET /api/logs?traceId=…&spanId=… finds them (the same reader), within a window
 * of LOG_MARGIN_MS around the trace. Facts only; the text beside them is counts and names.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { tagsOf } from '../query/jaeger/jaeger-tags.js';
import type { TraceReader } from '../query/jaeger/trace-reader.js';
import { createLogReader, type LogView } from '../query/native/log-reader.js';
import { logged } from './call-log.js';
import {
  type ErrorSpanFacts,
  errorSpanFacts,
  MAX_ERROR_SPANS,
  MAX_TEXT_CHARS,
} from './explain-errors.js';
import { type AttributeValue, cut, MAX_VALUE_CHARS } from './key-attributes.js';
import { capList } from './tool-answer.js';
import { readJaegerTrace } from './trace-json.js';

/** Logs are searched from this long before the trace's start to this long after its end. */
export const LOG_MARGIN_MS = 5 * 60_000;
/** The most log records shown per failed span (its newest, in time order), and attributes per record. */
export const MAX_SPAN_LOGS = 10;
export const MAX_LOG_ATTRIBUTES = 8;
/** What one failed span's facts may take of the answer: its oldest log records go first. */
const SPAN_SHARE = 16 * 1024;

export interface LogFact {
  /** Nanoseconds since the epoch, as /api/logs gives it. */
  time: string;
  severityText: string;
  body: string;
  attributes: Record<string, AttributeValue>;
}

const plainValue = (value: unknown): AttributeValue =>
  typeof value === 'number' || typeof value === 'boolean'
    ? value
    : cut(typeof value === 'string' ? value : JSON.stringify(value), MAX_VALUE_CHARS);

export function logFact(log: LogView): LogFact {
  const body = log.body as { stringValue?: string } | null;
  const text = typeof body?.stringValue === 'string' ? body.stringValue : JSON.stringify(body);
  const attributes = tagsOf(log.attributes as Parameters<typeof tagsOf>[0]);
  return {
    time: log.time,
    severityText: log.severityText,
    body: cut(text, MAX_TEXT_CHARS),
    attributes: Object.fromEntries(
      attributes.slice(0, MAX_LOG_ATTRIBUTES).map((tag) => [tag.key, plainValue(tag.value)]),
    ),
  };
}

const ref = { spanId: z.string(), service: z.string(), name: z.string() };
const errorSpan = z.object({
  ...ref,
  startMs: z.number(),
  durationMs: z.number(),
  statusMessage: z.string(),
  exceptions: z.array(z.object({ type: z.string(), message: z.string(), stacktrace: z.string() })),
  exceptionCount: z.number(),
  parents: z.array(z.object(ref)),
  depth: z.number(),
  logsOmitted: z.number().optional(),
  logs: z.array(
    z.object({
      time: z.string(),
      severityText: z.string(),
      body: z.string(),
      attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
    }),
  ),
});

export function registerExplainErrors(
  server: McpServer,
  traces: TraceReader,
  connection: DuckDBConnection,
  log: (message: string) => void,
): void {
  const logs = createLogReader(connection);
  server.registerTool(
    'explain_trace_errors',
    {
      description:
        'The failed spans (status ERROR) of one trace, as data: service, name, status message, ' +
        `exception events, parent names, and the span's own log records. At most ${MAX_ERROR_SPANS} spans.`,
      inputSchema: z.object({
        traceId: z.string().describe('32 hex digits, as find_traces gives'),
      }),
      outputSchema: z.object({
        traceId: z.string(),
        errorCount: z.number(),
        logsFrom: z.string(),
        logsTo: z.string(),
        items: z.array(errorSpan),
        total: z.number(),
        truncated: z.boolean(),
        narrow: z.string().optional(),
      }),
      annotations: { readOnlyHint: true },
    },
    logged(log, 'explain_trace_errors', async ({ traceId }: { traceId: string }) => {
      const trace = await readJaegerTrace(traces, traceId);
      const facts = errorSpanFacts(trace);
      const startUs = Math.min(...trace.spans.map((span) => span.startTime));
      const endUs = Math.max(...trace.spans.map((span) => span.startTime + span.duration));
      const startNs = BigInt(Math.floor(startUs / 1000) - LOG_MARGIN_MS) * 1_000_000n;
      const endNs = BigInt(Math.ceil(endUs / 1000) + LOG_MARGIN_MS) * 1_000_000n;
      const withLogs = async (fact: ErrorSpanFacts) => {
        const found = await logs.search({
          startNs,
          endNs,
          minSeverity: 0,
          attributes: [],
          traceId: trace.traceID.padStart(32, '0'),
          spanId: fact.spanId,
          limit: MAX_SPAN_LOGS,
        });
        const shown = found.reverse().map(logFact);
        const item = { ...fact, logs: shown };
        let omitted = 0;
        while (shown.length > 0 && JSON.stringify(item).length > SPAN_SHARE) {
          shown.shift();
          omitted += 1;
        }
        return omitted > 0 ? { ...item, logsOmitted: omitted } : item;
      };
      const items = [];
      for (const fact of facts.slice(0, MAX_ERROR_SPANS)) items.push(await withLogs(fact));
      const answer = capList(items, 'ask get_spans for a failed span by its spanId');
      const truncated = answer.items.length < facts.length;
      const content = {
        traceId: trace.traceID,
        errorCount: facts.length,
        logsFrom: new Date(Number(startNs / 1_000_000n)).toISOString(),
        logsTo: new Date(Number(endNs / 1_000_000n)).toISOString(),
        ...answer,
        total: facts.length,
        truncated,
        ...(truncated ? { narrow: 'ask get_spans for a failed span by its spanId' } : {}),
      };
      const logCount = answer.items.reduce((sum, item) => sum + item.logs.length, 0);
      const text =
        facts.length === 0
          ? `trace ${trace.traceID}: no error spans`
          : `trace ${trace.traceID}: ${facts.length} error spans, ${answer.items.length} shown, ` +
            `${logCount} log records of theirs` +
            (truncated ? ' (truncated: ask get_spans for a failed span by its spanId)' : '');
      return { content: [{ type: 'text' as const, text }], structuredContent: content };
    }),
  );
}
