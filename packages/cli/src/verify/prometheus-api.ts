/** The two Prometheus HTTP API calls the checks make: an instant query and a label's values. */
import { displayUrl, type GetJson, joinUrl } from './http.js';

export interface VectorSample {
  metric: Record<string, string>;
  value: number;
}

export type QueryAnswer = { samples: VectorSample[] } | { error: string };

interface Envelope {
  status?: string;
  error?: string;
  data?: { resultType?: string; result?: unknown };
}

function apiError(base: string, status: number, body: unknown): string {
  const envelope = body as Envelope | undefined;
  const why =
    typeof envelope?.error === 'string'
      ? envelope.error
      : `HTTP ${status}${status === 404 ? ' (no Prometheus API there; for the real stack give --prometheus and --jaeger)' : ''}`;
  return `${displayUrl(base)} answered ${status}: ${why}`;
}

/** An instant query at the server's now; scalars come back as one sample without labels. */
export async function instantQuery(
  get: GetJson,
  base: string,
  query: string,
): Promise<QueryAnswer> {
  const answer = await get(joinUrl(base, `/api/v1/query?query=${encodeURIComponent(query)}`));
  if ('error' in answer) return answer;
  const envelope = answer.body as Envelope;
  if (answer.status !== 200 || envelope?.status !== 'success') {
    return { error: apiError(base, answer.status, answer.body) };
  }
  const { resultType, result } = envelope.data ?? {};
  if (resultType === 'scalar' && Array.isArray(result)) {
    return { samples: [{ metric: {}, value: Number(result[1]) }] };
  }
  if (resultType !== 'vector' || !Array.isArray(result)) {
    return { error: `${displayUrl(base)} answered a ${resultType} to an instant query` };
  }
  return {
    samples: result.map((entry: { metric?: Record<string, string>; value?: unknown[] }) => ({
      metric: entry.metric ?? {},
      value: Number(entry.value?.[1]),
    })),
  };
}

/** /api/v1/label/NAME/values, optionally only of the series `match` selects. */
export async function labelValues(
  get: GetJson,
  base: string,
  label: string,
  match?: string,
): Promise<{ values: string[] } | { error: string }> {
  const query = match ? `?match[]=${encodeURIComponent(match)}` : '';
  const answer = await get(
    joinUrl(base, `/api/v1/label/${encodeURIComponent(label)}/values${query}`),
  );
  if ('error' in answer) return answer;
  const envelope = answer.body as Envelope;
  if (answer.status !== 200 || !Array.isArray(envelope?.data)) {
    return { error: apiError(base, answer.status, answer.body) };
  }
  return { values: (envelope.data as unknown[]).map(String) };
}

export const finite = (samples: readonly VectorSample[]) =>
  samples.filter((sample) => Number.isFinite(sample.value));
