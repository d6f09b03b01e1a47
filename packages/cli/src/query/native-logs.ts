import { formatDuration } from '../traffic/duration.js';
import type { BackendGet } from './backend-client.js';
import type { QueryOptions } from './options.js';
import { bodyOf, type Outcome } from './outcome.js';
import { textTable } from './text-table.js';

interface NativeLog {
  time: string;
  service: string;
  severityText: string;
  body: unknown;
  traceId: string;
}

/** The body is an OTLP AnyValue: a string body is printed as it is, others as JSON. */
function lineOf(body: unknown): string {
  const value = body as { stringValue?: unknown } | null;
  if (typeof value?.stringValue === 'string') return value.stringValue;
  return JSON.stringify(body) ?? '';
}

/** The record's time, nanoseconds since the epoch, as ISO 8601 (as LogQL's lines are printed). */
const isoOf = (ns: string) =>
  /^\d+$/.test(ns) ? new Date(Number(BigInt(ns) / 1_000_000n)).toISOString() : ns;

/** logs without a LogQL query: the native search (/api/logs) with its filters. */
export async function queryNativeLogs(
  get: BackendGet,
  options: QueryOptions,
  nowMs = Date.now(),
): Promise<Outcome> {
  const answer = await get('/api/logs', {
    service: options.service,
    text: options.text,
    minSeverity: options.severity,
    traceId: options.traceId,
    start: String(nowMs - options.sinceMs),
    end: String(nowMs),
    limit: String(options.limit),
  });
  const body = bodyOf(answer, 'the log search');
  if ('error' in body) return body;
  const logs = (body.body as { logs?: NativeLog[] }).logs ?? [];
  const text = logs.length
    ? textTable(
        ['TIME', 'SERVICE', 'SEVERITY', 'LINE'],
        logs.map((l) => [isoOf(l.time), l.service, l.severityText, lineOf(l.body)]),
      )
    : `(no log records in the last ${formatDuration(options.sinceMs)} match)`;
  return { text, json: { logs } };
}
