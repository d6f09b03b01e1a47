// One `{{schema:0 sum:5 count:4 buckets:[1 2 1] …}}` description → a FloatHistogram, as
// Prometheus's promqltest grammar builds it: every key optional and given at most once, schema,
// counts and zero width 0 by default, reset hint `unknown`, and `buckets`/`n_buckets` one span
// each that starts at `offset`/`n_offset`.
import type { CounterResetHint, FloatHistogram } from '../histogram/float-histogram';
import { NotationError } from './notation-error';

export interface HistogramDescription {
  readonly histogram: FloatHistogram;
  /** Whether `counter_reset_hint` was written: expectations compare the hint only then. */
  readonly counterResetHintSet: boolean;
}

type Kind = 'int' | 'signed' | 'unsigned' | 'list' | 'hint';
const keys: Readonly<Record<string, Kind>> = {
  schema: 'int',
  sum: 'signed',
  count: 'signed',
  z_bucket: 'signed',
  z_bucket_w: 'unsigned',
  offset: 'int',
  n_offset: 'int',
  buckets: 'list',
  n_buckets: 'list',
  custom_values: 'list',
  counter_reset_hint: 'hint',
};
const hints: Readonly<Record<string, CounterResetHint>> = {
  unknown: 'unknown',
  reset: 'reset',
  not_reset: 'not-reset',
  gauge: 'gauge',
};

// Decimal and hex numbers, Inf and NaN, as the PromQL lexer reads them inside a description.
const unsignedNumber =
  /^(?:0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|[iI][nN][fF]|[nN][aA][nN])$/;

function number(text: string, kind: Kind, key: string): number {
  const negative = text.startsWith('-') && kind !== 'unsigned';
  const body = negative ? text.slice(1) : text;
  if (!unsignedNumber.test(body))
    throw new NotationError(`bad number ${text} for ${key} in histogram`);
  const lower = body.toLowerCase();
  const v =
    lower === 'inf' ? Number.POSITIVE_INFINITY : lower === 'nan' ? Number.NaN : Number(body);
  if (kind === 'int' && !/^(?:\d+|0[xX][0-9a-fA-F]+)$/.test(body))
    throw new NotationError(`${key} must be an integer in histogram, got ${text}`);
  return negative ? -v : v;
}

export function parseHistogramDescription(inner: string): HistogramDescription {
  const values = new Map<string, number | number[] | CounterResetHint>();
  const item = /\s*([A-Za-z_]+)\s*:\s*(\[[^\]]*\]|[^\s[\]]+)/y;
  let i = 0;
  while (i < inner.length) {
    if (/^\s*$/.test(inner.slice(i))) break;
    item.lastIndex = i;
    const m = item.exec(inner);
    if (!m) throw new NotationError(`bad histogram description at "${inner.slice(i).trim()}"`);
    i = item.lastIndex;
    const key = (m[1] as string).toLowerCase();
    const raw = m[2] as string;
    const kind = keys[key];
    if (!kind) throw new NotationError(`bad histogram descriptor found: "${m[1]}"`);
    if (values.has(key)) throw new NotationError(`duplicate key "${key}" in histogram`);
    if (kind === 'list') {
      if (!raw.startsWith('[')) throw new NotationError(`${key} must be a list like [1 2 1]`);
      const items = raw.slice(1, -1).trim();
      if (items === '') throw new NotationError(`${key} must not be empty in histogram`);
      values.set(
        key,
        items.split(/\s+/).map((t) => number(t, 'signed', key)),
      );
    } else if (kind === 'hint') {
      const hint = hints[raw.toLowerCase()];
      if (!hint) throw new NotationError(`bad counter_reset_hint ${raw} in histogram`);
      values.set(key, hint);
    } else values.set(key, number(raw, kind, key));
  }
  const num = (key: string) => (values.get(key) as number | undefined) ?? 0;
  const list = (key: string) => (values.get(key) as number[] | undefined) ?? [];
  const positiveBuckets = list('buckets');
  const negativeBuckets = list('n_buckets');
  const histogram: FloatHistogram = {
    counterResetHint:
      (values.get('counter_reset_hint') as CounterResetHint | undefined) ?? 'unknown',
    schema: num('schema'),
    zeroThreshold: num('z_bucket_w'),
    zeroCount: num('z_bucket'),
    count: num('count'),
    sum: num('sum'),
    positiveSpans: positiveBuckets.length
      ? [{ offset: num('offset'), length: positiveBuckets.length }]
      : [],
    positiveBuckets,
    negativeSpans: negativeBuckets.length
      ? [{ offset: num('n_offset'), length: negativeBuckets.length }]
      : [],
    negativeBuckets,
  };
  if (values.has('custom_values')) histogram.customValues = list('custom_values');
  return { histogram, counterResetHintSet: values.has('counter_reset_hint') };
}
