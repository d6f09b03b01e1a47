/**
 * What bench:traceql times: TraceQL searches over the last 2 h and one TraceQL metrics query
 * over the last hour, chosen so that bench:ingest's generated traces (ingest-sender.ts) answer
 * each of them; and how an answer is read, so that a query answering nothing or an error fails
 * the benchmark instead of being timed.
 */

export type FigureKey =
  | 'filter_p95_ms'
  | 'duration_p95_ms'
  | 'structural_p95_ms'
  | 'pipeline_p95_ms'
  | 'metrics_p95_ms';

export interface BenchQuery {
  figure: FigureKey;
  title: string;
  api: 'search' | 'metrics';
  q: string;
  windowSeconds: number;
  target: { text: string; ms: number };
}

export const SEARCH_LIMIT = 20;
/** The metrics query's step: 60 points over its hour, as Grafana asks over a short range. */
export const METRICS_STEP = '60s';

export const QUERIES: readonly BenchQuery[] = [
  {
    figure: 'filter_p95_ms',
    title: 'service and route filter',
    api: 'search',
    q: '{resource.service.name="frontend" && span.http.route="/api/cart"}',
    windowSeconds: 7200,
    target: { text: '<= 50', ms: 50 },
  },
  {
    figure: 'duration_p95_ms',
    title: 'duration filter',
    api: 'search',
    // 1 % of the generated traces take 0.6-3 s, the rest at most 405 ms
    q: '{duration > 500ms}',
    windowSeconds: 7200,
    target: { text: '<= 50', ms: 50 },
  },
  {
    figure: 'structural_p95_ms',
    title: 'structural (descendant)',
    api: 'search',
    // ~3 % of the traces fail in every service but their database calls
    q: '{resource.service.name="frontend"} >> {status=error}',
    windowSeconds: 7200,
    target: { text: '<= 300', ms: 300 },
  },
  {
    figure: 'pipeline_p95_ms',
    title: 'count() pipeline',
    api: 'search',
    // checkout and payment make 2-4 spans a trace: more than 3 when payment ran 2 queries (1/3)
    q: '{resource.service.name="checkout" || resource.service.name="payment"} | count() > 3',
    windowSeconds: 7200,
    target: { text: '<= 300', ms: 300 },
  },
  {
    figure: 'metrics_p95_ms',
    title: 'metrics: p95 by route',
    api: 'metrics',
    q: '{resource.service.name="frontend"} | quantile_over_time(duration, .95) by (span.http.route)',
    windowSeconds: 3600,
    target: { text: '<= 500 (1 h)', ms: 500 },
  },
];

/** The request's path and query string: the query's window ending at `endSeconds`. */
export function queryPath(query: BenchQuery, endSeconds: number): string {
  const params = new URLSearchParams({
    q: query.q,
    start: String(endSeconds - query.windowSeconds),
    end: String(endSeconds),
  });
  if (query.api === 'search') params.set('limit', String(SEARCH_LIMIT));
  else params.set('step', METRICS_STEP);
  const path = query.api === 'search' ? '/api/search' : '/api/metrics/query_range';
  return `${path}?${params}`;
}

export interface AnswerSummary {
  /** Traces (search) or series (metrics) in the answer; never 0 */
  results: number;
  text: string;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const listOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/**
 * Reads an answer of /api/search (`traces[].spanSets[].spans`) or /api/metrics/query_range
 * (`series[].samples`); throws with the status and the start of the body when it is not a 200
 * with JSON of that shape, or when it holds no trace or series.
 */
export function readAnswer(query: BenchQuery, status: number, body: string): AnswerSummary {
  const fail = (why: string): never => {
    throw new Error(`${query.q}: ${why}: ${status} ${body.slice(0, 300)}`);
  };
  if (status !== 200) fail('not 200');
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    fail('not JSON');
  }
  if (!isObject(json)) return fail('not a JSON object');
  // Tempo's JSON leaves out empty lists, as protobuf's JSON does: absent is empty.
  if (query.api === 'search') {
    if (json.traces !== undefined && !Array.isArray(json.traces)) fail('traces not an array');
    const traces = listOf(json.traces);
    const spans = traces.reduce<number>(
      (sum, trace) =>
        sum +
        listOf(isObject(trace) ? trace.spanSets : undefined).reduce<number>(
          (n, set) => n + listOf(isObject(set) ? set.spans : undefined).length,
          0,
        ),
      0,
    );
    if (traces.length === 0) fail('no trace matched');
    return { results: traces.length, text: `${traces.length} traces, ${spans} spans shown` };
  }
  if (json.series !== undefined && !Array.isArray(json.series)) fail('series not an array');
  const series = listOf(json.series);
  const samples = series.reduce<number>(
    (sum, one) => sum + listOf(isObject(one) ? one.samples : undefined).length,
    0,
  );
  if (series.length === 0 || samples === 0) fail('no series with samples');
  return { results: series.length, text: `${series.length} series, ${samples} samples` };
}
