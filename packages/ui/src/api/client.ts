import { apiErrorMessage } from '../model/api-error.js';
import type { JaegerTrace, LogRecordView } from '../model/jaeger-types.js';

/** The API's own words, shown as they are; `status` is the HTTP status when there was an answer. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** GET an API's JSON; on failure an ApiError in the API's own words. */
export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { signal, headers: { accept: 'application/json' } });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(`cannot reach the backend: ${(error as Error).message}`);
  }
  const text = await response.text();
  if (!response.ok) {
    throw new ApiError(
      apiErrorMessage(response.status, response.statusText, text),
      response.status,
    );
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ApiError(`${path} answered something that is not JSON: ${text.slice(0, 200)}`);
  }
}

interface JaegerEnvelope<T> {
  data: T;
  errors?: { msg?: string }[] | null;
}

export async function fetchServices(signal?: AbortSignal): Promise<string[]> {
  return (await getJson<JaegerEnvelope<string[] | null>>('/api/services', signal)).data ?? [];
}

export async function fetchOperations(service: string, signal?: AbortSignal): Promise<string[]> {
  const path = `/api/services/${encodeURIComponent(service)}/operations`;
  return ((await getJson<JaegerEnvelope<string[] | null>>(path, signal)).data ?? []).sort();
}

export async function searchTraces(
  query: URLSearchParams,
  signal?: AbortSignal,
): Promise<JaegerTrace[]> {
  return (
    (await getJson<JaegerEnvelope<JaegerTrace[] | null>>(`/api/traces?${query}`, signal)).data ?? []
  );
}

export async function fetchTrace(traceId: string, signal?: AbortSignal): Promise<JaegerTrace> {
  const path = `/api/traces/${encodeURIComponent(traceId)}`;
  const trace = (await getJson<JaegerEnvelope<JaegerTrace[] | null>>(path, signal)).data?.[0];
  if (!trace) throw new ApiError(`trace ${traceId} not found`);
  return trace;
}

/** The trace's logs over the whole retention: a trace may be older than the default hour. */
export async function fetchTraceLogs(
  traceId: string,
  signal?: AbortSignal,
): Promise<LogRecordView[]> {
  const query = new URLSearchParams({
    traceId,
    start: '0',
    end: String(Date.now() + 60_000),
    limit: '1000',
  });
  return (await getJson<{ logs: LogRecordView[] }>(`/api/logs?${query}`, signal)).logs;
}
