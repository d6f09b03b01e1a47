// Numeric helpers shared by aggregations and range functions, following Prometheus's arithmetic.

/** One step of Kahan-Babuška summation; returns the new sum and writes the compensation to c[0]. */
export function kahanInc(inc: number, sum: number, c: Float64Array): number {
  const t = sum + inc;
  if (!Number.isFinite(t) && !Number.isNaN(t)) {
    c[0] = 0;
  } else if (Math.abs(sum) >= Math.abs(inc)) {
    c[0] = (c[0] as number) + (sum - t + inc);
  } else {
    c[0] = (c[0] as number) + (inc - t + sum);
  }
  return t;
}

/** Sorts ascending with NaN first, as Prometheus's value heaps order. */
export function sortNaNFirst(values: number[]): number[] {
  return values.sort((a, b) => {
    if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : -1;
    if (Number.isNaN(b)) return 1;
    return a - b;
  });
}

/** The q-quantile of values (0 <= q <= 1) with linear interpolation between closest ranks. */
export function quantileOf(q: number, values: number[]): number {
  if (values.length === 0 || Number.isNaN(q)) return Number.NaN;
  if (q < 0) return Number.NEGATIVE_INFINITY;
  if (q > 1) return Number.POSITIVE_INFINITY;
  sortNaNFirst(values);
  const n = values.length;
  const rank = q * (n - 1);
  const lower = Math.max(0, Math.floor(rank));
  const upper = Math.min(n - 1, lower + 1);
  const weight = rank - Math.floor(rank);
  return (values[lower] as number) * (1 - weight) + (values[upper] as number) * weight;
}

/** Formats a float as Go's strconv.FormatFloat(f, 'f', -1, 64) (used for count_values labels). */
export function formatFloatPlain(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (f === Number.POSITIVE_INFINITY) return '+Inf';
  if (f === Number.NEGATIVE_INFINITY) return '-Inf';
  const s = String(f);
  if (!/e/.test(s)) return s;
  // Expand JS exponent notation into plain digits.
  const [mantissa, expText] = s.split('e') as [string, string];
  const exp = Number(expText);
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  const pointPos =
    (mantissa.replace('-', '').indexOf('.') === -1
      ? digits.length
      : mantissa.replace('-', '').indexOf('.')) + exp;
  let out: string;
  if (pointPos <= 0) out = `0.${'0'.repeat(-pointPos)}${digits}`;
  else if (pointPos >= digits.length) out = digits + '0'.repeat(pointPos - digits.length);
  else out = `${digits.slice(0, pointPos)}.${digits.slice(pointPos)}`;
  return negative ? `-${out}` : out;
}
