/** The Tempo HTTP API calls the TraceQL check makes: a search and a metrics range query. */
import { displayUrl, type GetJson, joinUrl } from './http.js';

export interface TempoSpan {
  spanID: string;
  name?: string;
  durationNanos?: string;
}

export interface TempoTrace {
  traceID: string;
  rootServiceName?: string;
  rootTraceName?: string;
  durationMs?: number;
  spanSets?: { spans?: TempoSpan[]; matched?: number }[];
}

export interface TempoSeries {
  labels?: { key: string; value?: Record<string, unknown> }[];
  /** `value` absent when 0, "NaN" for NaN, as protobuf's JSON writes them. */
  samples?: { timestampMs?: string | number; value?: number | string }[];
}

export interface TraceqlWindow {
  q: string;
  /** Seconds since the epoch, as Tempo takes them. */
  startS: number;
  endS: number;
}

/** Tempo answers a bad query 400 with its message as text, anything else as JSON. */
function errorOf(base: string, path: string, answer: { status: number; body: unknown }) {
  const why =
    typeof answer.body === 'string'
      ? answer.body.trim().slice(0, 200)
      : ((answer.body as { error?: string } | undefined)?.error ?? '');
  return { error: `${displayUrl(base)} answered ${answer.status} to ${path}: ${why}` };
}

/** A 200's list `field`; Tempo's JSON leaves an empty one out, as protobuf's JSON does. */
function listIn(answer: { status: number; body: unknown }, field: string): unknown[] | undefined {
  const body = answer.body;
  if (answer.status !== 200 || typeof body !== 'object' || body === null) return undefined;
  const list = (body as Record<string, unknown>)[field] ?? [];
  return Array.isArray(list) ? list : undefined;
}

const windowParams = (window: TraceqlWindow) =>
  new URLSearchParams({
    q: window.q,
    start: String(Math.floor(window.startS)),
    end: String(Math.ceil(window.endS)),
  });

export async function searchTraceql(
  get: GetJson,
  base: string,
  window: TraceqlWindow & { limit: number },
): Promise<{ traces: TempoTrace[] } | { error: string }> {
  const params = windowParams(window);
  params.set('limit', String(window.limit));
  const answer = await get(joinUrl(base, `/api/search?${params}`));
  if ('error' in answer) return answer;
  const traces = listIn(answer, 'traces');
  return traces ? { traces: traces as TempoTrace[] } : errorOf(base, '/api/search', answer);
}

export async function queryTraceqlRange(
  get: GetJson,
  base: string,
  window: TraceqlWindow & { step: string },
): Promise<{ series: TempoSeries[] } | { error: string }> {
  const params = windowParams(window);
  params.set('step', window.step);
  const answer = await get(joinUrl(base, `/api/metrics/query_range?${params}`));
  if ('error' in answer) return answer;
  const series = listIn(answer, 'series');
  return series
    ? { series: series as TempoSeries[] }
    : errorOf(base, '/api/metrics/query_range', answer);
}

/** Tempo writes trace ids in search answers without their leading zeros. */
export const sameTraceId = (a: string, b: string) =>
  a.toLowerCase().replace(/^0+/, '') === b.toLowerCase().replace(/^0+/, '');
