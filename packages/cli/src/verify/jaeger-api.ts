/** The Jaeger v1 query API calls the checks make; the embedded backend answers the same. */
import { displayUrl, type GetJson, joinUrl } from './http.js';

export interface JaegerSpan {
  spanID: string;
  operationName: string;
  processID: string;
  startTime: number;
  duration: number;
  references?: { refType: string; traceID: string; spanID: string }[];
}

export interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, { serviceName: string }>;
}

export interface TraceSearch {
  service: string;
  operation?: string;
  /** Microseconds since the epoch, as Jaeger takes them. */
  startUs: number;
  endUs: number;
  limit: number;
}

function dataOf(base: string, answer: { status: number; body: unknown }) {
  const data = (answer.body as { data?: unknown } | undefined)?.data;
  if (answer.status === 200 && Array.isArray(data)) return data;
  const errors = (answer.body as { errors?: { msg?: string }[] } | undefined)?.errors;
  const why =
    errors?.[0]?.msg ??
    `HTTP ${answer.status}${answer.status === 404 ? " (is it Jaeger's query API, or the backend's query port?)" : ''}`;
  return { error: `${displayUrl(base)} answered ${answer.status}: ${why}` };
}

export async function listServices(
  get: GetJson,
  base: string,
): Promise<{ services: string[] } | { error: string }> {
  const answer = await get(joinUrl(base, '/api/services'));
  if ('error' in answer) return answer;
  const data = dataOf(base, answer);
  return 'error' in data ? data : { services: data.map(String) };
}

export async function searchTraces(
  get: GetJson,
  base: string,
  search: TraceSearch,
): Promise<{ traces: JaegerTrace[] } | { error: string }> {
  const params = new URLSearchParams({
    service: search.service,
    start: String(Math.floor(search.startUs)),
    end: String(Math.ceil(search.endUs)),
    limit: String(search.limit),
  });
  if (search.operation) params.set('operation', search.operation);
  const answer = await get(joinUrl(base, `/api/traces?${params}`));
  if ('error' in answer) return answer;
  const data = dataOf(base, answer);
  return 'error' in data ? data : { traces: data as JaegerTrace[] };
}
