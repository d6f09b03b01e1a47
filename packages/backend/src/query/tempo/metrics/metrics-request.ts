import { TempoError } from '../tempo-error.js';
import { parseGoDuration, parsePromDuration } from './duration-text.js';
import { goDuration } from './label-value.js';
import { MAX_EXEMPLARS, MAX_METRICS_RANGE_NS, MAX_POINTS_PER_SERIES } from './metrics-limits.js';

const NS_PER_S = 1_000_000_000n;
/** Without `start`, `end` (or now) minus `since`, by default an hour, as Tempo. */
const DEFAULT_SINCE_NS = 3_600n * NS_PER_S;

/** A metrics request as Tempo's query frontend reads it, times in Unix ns. */
export interface MetricsRequest {
  q: string;
  startNs: bigint;
  endNs: bigint;
  stepNs: bigint;
  /** /api/metrics/query, or a range whose one step is the whole range: no alignment. */
  instant: boolean;
  /** How many exemplars the answer may hold (none for instant queries). */
  exemplars: number;
}

const RFC3339 = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/;

/** Tempo's parseTimestamp: float or integer seconds (10 digits at most), integer ns, or RFC 3339. */
function timestamp(name: string, text: string | null, fallback: bigint): bigint {
  if (text === null || text === '') return fallback;
  if (/^-?\d+\.\d*$/.test(text)) {
    const [whole = '0', fraction = ''] = text.split('.');
    const ms = BigInt(Math.round(Number(`0.${fraction || '0'}`) * 1000));
    return BigInt(whole) * NS_PER_S + (whole.startsWith('-') ? -ms : ms) * 1_000_000n;
  }
  if (/^-?\d{1,19}$/.test(text)) {
    return text.length <= 10 ? BigInt(text) * NS_PER_S : BigInt(text);
  }
  const match = RFC3339.exec(text);
  const ms = match ? Date.parse(`${match[1]}${match[3]}`) : Number.NaN;
  if (match && !Number.isNaN(ms)) {
    return BigInt(ms) * 1_000_000n + BigInt((match[2] ?? '').padEnd(9, '0'));
  }
  throw new TempoError(
    400,
    `could not parse '${name}' parameter: ${JSON.stringify(text)} is not Unix seconds, Unix nanoseconds or an RFC 3339 time`,
  );
}

/** Tempo's DefaultQueryRangeStep: about 240 points, in whole 5 s (or 1 s), at least 1 s. */
export function defaultStepNs(startNs: bigint, endNs: bigint): bigint {
  const baseline = (endNs - startNs) / 240n;
  let interval = (baseline / (5n * NS_PER_S)) * 5n * NS_PER_S;
  if (interval < 5n * NS_PER_S) interval = (baseline / NS_PER_S) * NS_PER_S;
  return interval < NS_PER_S ? NS_PER_S : interval;
}

/** `step` as float seconds or a Go duration ("30s", "1m"). */
function step(text: string | null, startNs: bigint, endNs: bigint): bigint {
  if (text === null || text === '') return defaultStepNs(startNs, endNs);
  if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) {
    const seconds = Number(text);
    if (Math.abs(seconds) < 9.2e9) return BigInt(Math.round(seconds * 1e9));
  }
  const ns = parseGoDuration(text);
  if (ns === undefined)
    throw new TempoError(400, `cannot parse ${JSON.stringify(text)} to a valid duration`);
  return ns;
}

function query(params: URLSearchParams): string {
  return params.get('q') ?? params.get('query') ?? '';
}

function bounds(params: URLSearchParams, nowNs: bigint): { startNs: bigint; endNs: bigint } {
  const sinceText = params.get('since');
  const since =
    sinceText === null || sinceText === '' ? DEFAULT_SINCE_NS : parsePromDuration(sinceText);
  if (since === undefined) {
    throw new TempoError(
      400,
      `could not parse 'since' parameter: not a valid duration string: ${JSON.stringify(sinceText)}`,
    );
  }
  const endNs = timestamp('end', params.get('end'), nowNs);
  const endOrNow = endNs > nowNs ? nowNs : endNs;
  const startNs = timestamp('start', params.get('start'), endOrNow - since);
  return { startNs, endNs };
}

/** The checks Tempo makes before it reads anything, in its words. */
function check(request: MetricsRequest): MetricsRequest {
  if (request.endNs <= request.startNs) throw new TempoError(400, 'end must be greater than start');
  if (request.stepNs <= 0n) throw new TempoError(400, 'step required');
  if (request.endNs - request.startNs > MAX_METRICS_RANGE_NS) {
    throw new TempoError(
      400,
      `metrics query time range exceeds the maximum allowed duration of ${goDuration(MAX_METRICS_RANGE_NS)}`,
    );
  }
  if ((request.endNs - request.startNs) / request.stepNs + 2n > BigInt(MAX_POINTS_PER_SERIES)) {
    throw new TempoError(
      400,
      `exceeded maximum resolution of ${MAX_POINTS_PER_SERIES.toLocaleString('en-US')} points per timeseries. Try decreasing the query resolution (?step=XX)`,
    );
  }
  return request;
}

/** /api/metrics/query_range: q (or query), start, end, since, step, exemplars. */
export function parseRangeRequest(params: URLSearchParams, nowNs: bigint): MetricsRequest {
  const { startNs, endNs } = bounds(params, nowNs);
  const stepNs = step(params.get('step'), startNs, endNs);
  const asked = Number.parseInt(params.get('exemplars') ?? '', 10);
  const exemplars = asked > 0 && asked < MAX_EXEMPLARS ? asked : MAX_EXEMPLARS;
  const instant = endNs - startNs === stepNs;
  return check({ q: query(params), startNs, endNs, stepNs, instant, exemplars });
}

/** /api/metrics/query: q (or query), start, end, since; one value per series over [start, end). */
export function parseInstantRequest(params: URLSearchParams, nowNs: bigint): MetricsRequest {
  const { startNs, endNs } = bounds(params, nowNs);
  const stepNs = endNs - startNs;
  return check({ q: query(params), startNs, endNs, stepNs, instant: true, exemplars: 0 });
}
