/**
 * Compares two Prometheus API query results (`data` objects) as the differential tests need it:
 * the same label sets, values equal within a relative tolerance (NaN equals NaN), the same
 * timestamps; order matters only when the query sorts.
 */
export interface ApiResult {
  resultType: string;
  result: unknown;
}

interface SeriesLike {
  metric: Record<string, string>;
  value?: [number, string];
  values?: [number, string][];
}

const TOLERANCE = 1e-6;

function sameNumber(a: string, b: string): boolean {
  if (a === b) return true;
  const x = Number(a);
  const y = Number(b);
  if (Number.isNaN(x) && Number.isNaN(y)) return true;
  if (!Number.isFinite(x) || !Number.isFinite(y)) return x === y;
  const scale = Math.max(Math.abs(x), Math.abs(y));
  return Math.abs(x - y) <= TOLERANCE * scale || Math.abs(x - y) < 1e-12;
}

const key = (metric: Record<string, string>) =>
  JSON.stringify(Object.entries(metric).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

function samePoints(a: [number, string][], b: [number, string][]): string | undefined {
  if (a.length !== b.length) return `${a.length} points against ${b.length}`;
  for (let i = 0; i < a.length; i++) {
    const [ta, va] = a[i] as [number, string];
    const [tb, vb] = b[i] as [number, string];
    if (ta !== tb) return `point ${i}: time ${ta} against ${tb}`;
    if (!sameNumber(va, vb)) return `point ${i} at ${ta}: ${va} against ${vb}`;
  }
  return undefined;
}

/** Undefined when equal; otherwise what differs first. */
export function differenceOf(
  ours: ApiResult,
  theirs: ApiResult,
  ordered = false,
): string | undefined {
  if (ours.resultType !== theirs.resultType) {
    return `result type ${ours.resultType} against ${theirs.resultType}`;
  }
  if (ours.resultType === 'scalar' || ours.resultType === 'string') {
    return samePoints([ours.result as [number, string]], [theirs.result as [number, string]]);
  }
  const a = ours.result as SeriesLike[];
  const b = theirs.result as SeriesLike[];
  if (a.length !== b.length) {
    return `${a.length} series against ${b.length}: ${a.map((s) => key(s.metric)).join(' ')} | ${b.map((s) => key(s.metric)).join(' ')}`;
  }
  const theirsByKey = new Map(b.map((series, index) => [key(series.metric), { series, index }]));
  for (const [index, series] of a.entries()) {
    const match = theirsByKey.get(key(series.metric));
    if (!match) return `series ${key(series.metric)} is not in the reference`;
    if (ordered && match.index !== index)
      return `series ${key(series.metric)} at ${index}, reference at ${match.index}`;
    const points = (s: SeriesLike) => s.values ?? (s.value ? [s.value] : []);
    const difference = samePoints(points(series), points(match.series));
    if (difference) return `series ${key(series.metric)}: ${difference}`;
  }
  return undefined;
}
