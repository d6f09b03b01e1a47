/**
 * A series label's value as Tempo types it (its TraceQL Static), and the two texts Tempo gives
 * it: the OTLP AnyValue of `labels` and the Prometheus-style `promLabels`.
 */
export type LabelValue =
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'int'; readonly value: number }
  | { readonly type: 'float'; readonly value: number }
  | { readonly type: 'bool'; readonly value: boolean }
  | { readonly type: 'duration'; readonly ns: bigint }
  | { readonly type: 'status'; readonly value: string }
  | { readonly type: 'kind'; readonly value: string }
  | { readonly type: 'nil' };

export interface SeriesLabel {
  readonly name: string;
  readonly value: LabelValue;
}

export const NIL: LabelValue = { type: 'nil' };

/** Go's strconv.FormatFloat(f, 'g', -1, 64): shortest digits, exponent form below 1e-4 or from 1e6. */
export function goFloat(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const [mantissa = '', exponentText = '0'] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 6) {
    const digits = String(Math.abs(exponent)).padStart(2, '0');
    return `${mantissa}e${exponent < 0 ? '-' : '+'}${digits}`;
  }
  return String(value);
}

const UNITS: readonly [bigint, string][] = [
  [3_600_000_000_000n, 'h'],
  [60_000_000_000n, 'm'],
];

/** Go's time.Duration.String(): 1h2m3.5s, 1.5ms, 0s. */
export function goDuration(ns: bigint): string {
  if (ns === 0n) return '0s';
  const sign = ns < 0n ? '-' : '';
  let rest = ns < 0n ? -ns : ns;
  const fraction = (value: bigint, unit: bigint) => {
    const whole = value / unit;
    const part = (value % unit).toString().padStart(unit.toString().length - 1, '0');
    const trimmed = part.replace(/0+$/, '');
    return trimmed === '' ? `${whole}` : `${whole}.${trimmed}`;
  };
  if (rest < 1_000n) return `${sign}${rest}ns`;
  if (rest < 1_000_000n) return `${sign}${fraction(rest, 1_000n)}µs`;
  if (rest < 1_000_000_000n) return `${sign}${fraction(rest, 1_000_000n)}ms`;
  let text = '';
  for (const [unit, name] of UNITS) {
    if (rest >= unit || text !== '') {
      text += `${rest / unit}${name}`;
      rest %= unit;
    }
  }
  return `${sign}${text}${fraction(rest, 1_000_000_000n)}s`;
}

/** TraceQL's Static.EncodeToString(false): floats keep a `.0` to differ from ints. */
export function labelText(value: LabelValue): string {
  switch (value.type) {
    case 'nil':
      return 'nil';
    case 'int':
      return String(value.value);
    case 'float': {
      const text = goFloat(value.value);
      return /[e.]|Inf|NaN/.test(text) ? text : `${text}.0`;
    }
    case 'bool':
      return String(value.value);
    case 'duration':
      return goDuration(value.ns);
    default:
      return value.value;
  }
}

/** The OTLP/JSON AnyValue Tempo's Static.AsAnyValue gives (nil, status, kind as strings). */
export function anyValueJson(value: LabelValue): Record<string, unknown> {
  switch (value.type) {
    case 'int':
      return { intValue: String(value.value) };
    case 'float':
      return { doubleValue: jsonDouble(value.value) };
    case 'bool':
      return { boolValue: value.value };
    default:
      return { stringValue: labelText(value) };
  }
}

/** A double as protobuf's JSON mapping writes it: NaN and infinities as strings. */
export function jsonDouble(value: number): number | string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  return value;
}

/** Go's strconv.Quote for the texts labels hold (JSON's escapes, plus Go's \x7f). */
function goQuote(text: string): string {
  return JSON.stringify(text)
    .replace(/\\u00([0-1][0-9a-f])/g, (_, hex: string) => `\\x${hex}`)
    .replace(/\x7f/g, '\\x7f');
}

const LEGACY_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * Prometheus's labels.String() of the labels as Tempo builds it: sorted by name, names that are
 * not legacy Prometheus names quoted, nil as `<nil>` and an empty string as `<empty>`.
 */
export function promLabels(labels: readonly SeriesLabel[]): string {
  const byName = new Map<string, string>();
  for (const label of labels) {
    let text = labelText(label.value);
    if (label.value.type === 'nil') text = '<nil>';
    else if (label.value.type === 'string' && text === 'nil') text = '<nil>';
    else if (label.value.type === 'string' && text === '') text = '<empty>';
    byName.set(label.name, text);
  }
  const names = [...byName.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const parts = names.map((name) => {
    const key = LEGACY_NAME.test(name) ? name : goQuote(name);
    return `${key}=${goQuote(byName.get(name) ?? '')}`;
  });
  return `{${parts.join(', ')}}`;
}

/** A key that tells label value lists apart (type and value). */
export function labelKey(values: readonly LabelValue[]): string {
  return values
    .map((v) => (v.type === 'nil' ? 'n' : `${v.type}:${v.type === 'duration' ? v.ns : v.value}`))
    .join('\u0000');
}
