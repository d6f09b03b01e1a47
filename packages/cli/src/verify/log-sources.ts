/** Where a trace's log records are looked up: the embedded backend's log search, or Loki. */
import { displayUrl, type GetJson, joinUrl } from './http.js';

export interface TraceLogRecord {
  service: string;
  traceId: string;
  body: string;
}

export type TraceLogs = { records: TraceLogRecord[] } | { error: string };

export interface LogSource {
  /** For the evidence: "the backend's /api/logs", "Loki at …". */
  name: string;
  logsOfTrace(traceId: string, startMs: number, endMs: number): Promise<TraceLogs>;
}

const bodyText = (body: unknown): string => {
  const value = body as { stringValue?: unknown } | undefined;
  return typeof value?.stringValue === 'string' ? value.stringValue : JSON.stringify(body ?? '');
};

/** GET /api/logs?traceId=…: the records come back with their own trace id, which is checked. */
export function embeddedLogs(get: GetJson, backend: string): LogSource {
  return {
    name: `${displayUrl(joinUrl(backend, '/api/logs'))}`,
    async logsOfTrace(traceId, startMs, endMs) {
      const params = new URLSearchParams({
        traceId,
        start: String(Math.floor(startMs)),
        end: String(Math.ceil(endMs)),
        limit: '100',
      });
      const answer = await get(joinUrl(backend, `/api/logs?${params}`));
      if ('error' in answer) return answer;
      const logs = (answer.body as { logs?: unknown } | undefined)?.logs;
      if (answer.status !== 200 || !Array.isArray(logs)) {
        const why = (answer.body as { error?: string } | undefined)?.error ?? '';
        return { error: `${displayUrl(backend)} answered ${answer.status} to /api/logs ${why}` };
      }
      return {
        records: logs.map((log: { service?: string; traceId?: string; body?: unknown }) => ({
          service: log.service ?? '?',
          traceId: log.traceId ?? '',
          body: bodyText(log.body),
        })),
      };
    },
  };
}

interface LokiStream {
  stream?: Record<string, string>;
  values?: [string, string][];
}

/**
 * Loki's query_range with a trace_id filter: OTLP logs keep trace_id as structured metadata,
 * which a label filter after the stream selector reads. `base` is Loki itself or Grafana's
 * proxy to its Loki data source.
 */
export function lokiLogs(get: GetJson, base: string, name: string): LogSource {
  return {
    name,
    async logsOfTrace(traceId, startMs, endMs) {
      const params = new URLSearchParams({
        query: `{service_name=~".+"} | trace_id="${traceId}"`,
        start: `${Math.floor(startMs)}000000`,
        end: `${Math.ceil(endMs)}000000`,
        limit: '100',
        direction: 'backward',
      });
      const answer = await get(joinUrl(base, `/loki/api/v1/query_range?${params}`));
      if ('error' in answer) return answer;
      const body = answer.body as { status?: string; data?: { result?: LokiStream[] } } | string;
      const result = typeof body === 'object' ? body?.data?.result : undefined;
      if (answer.status !== 200 || !Array.isArray(result)) {
        const why = typeof body === 'string' ? body.trim().slice(0, 200) : `HTTP ${answer.status}`;
        return { error: `${name} answered ${answer.status}: ${why}` };
      }
      return {
        records: result.flatMap((stream) =>
          (stream.values ?? []).map(([, line]) => ({
            service: stream.stream?.service_name ?? '?',
            // The filter matched it: Loki keeps the trace id as metadata, not in the line.
            traceId: stream.stream?.trace_id ?? traceId,
            body: line,
          })),
        ),
      };
    },
  };
}
