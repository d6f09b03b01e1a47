/**
 * Go's formatting of the values promtool prints in its failures, so our lines equal its lines:
 * strconv.Quote, strconv.FormatFloat(v, 'E', -1, 64), Prometheus's labels.String(), and the two
 * duration formats (prometheus/common model.Duration and Go's time.Duration).
 */

/** A label pair list in Prometheus's order: ascending by name, as labels.Labels keeps them. */
export type LabelPairs = readonly (readonly [string, string])[];

const ESCAPES: Record<string, string> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '\\': '\\\\',
  '"': '\\"',
};

/** Code points Go's unicode.IsPrint refuses, near enough: controls, separators but space, unassigned. */
const NOT_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}]|(?! )\p{Zs}/u;

/** strconv.Quote: a double-quoted Go string literal with Go's escapes. */
export function goQuote(text: string): string {
  let out = '"';
  for (const ch of text) {
    const escaped = ESCAPES[ch];
    if (escaped !== undefined) out += escaped;
    else if (!NOT_PRINTABLE.test(ch)) out += ch;
    else {
      const code = ch.codePointAt(0) as number;
      if (code < 0x80) out += `\\x${code.toString(16).padStart(2, '0')}`;
      else if (code < 0x10000) out += `\\u${code.toString(16).padStart(4, '0')}`;
      else out += `\\U${code.toString(16).padStart(8, '0')}`;
    }
  }
  return `${out}"`;
}

/** labels.Labels.String(): `{a="1", b="2"}`. */
export function formatLabelPairs(pairs: LabelPairs): string {
  return `{${pairs.map(([name, value]) => `${name}=${goQuote(value)}`).join(', ')}}`;
}

/** strconv.FormatFloat(v, 'E', -1, 64): the shortest exact digits, `1.5E+00`, `+Inf`, `NaN`. */
export function formatFloatE(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Number.POSITIVE_INFINITY) return '+Inf';
  if (v === Number.NEGATIVE_INFINITY) return '-Inf';
  const sign = Object.is(v, -0) || v < 0 ? '-' : '';
  const [mantissa, exponent] = Math.abs(v).toExponential().split('e') as [string, string];
  const expSign = exponent.startsWith('-') ? '-' : '+';
  const digits = exponent.replace(/^[+-]/, '').padStart(2, '0');
  return `${sign}${mantissa}E${expSign}${digits}`;
}

const MODEL_UNITS: readonly [string, number, boolean][] = [
  ['y', 365 * 86_400_000, true],
  ['w', 7 * 86_400_000, true],
  ['d', 86_400_000, false],
  ['h', 3_600_000, false],
  ['m', 60_000, false],
  ['s', 1000, false],
  ['ms', 1, false],
];

/** model.Duration.String(): `1h30m`, `90d`, `0s`; years and weeks only when they divide exactly. */
export function formatModelDuration(ms: number): string {
  if (ms === 0) return '0s';
  let rest = ms;
  let out = '';
  for (const [unit, size, exact] of MODEL_UNITS) {
    if (exact && rest % size !== 0) continue;
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out;
}

/** time.Duration.String() of whole milliseconds: `0s`, `250ms`, `1.5s`, `5m0s`, `1h0m0s`. */
export function formatGoDuration(ms: number): string {
  if (ms === 0) return '0s';
  const sign = ms < 0 ? '-' : '';
  const abs = Math.abs(ms);
  if (abs < 1000) return `${sign}${abs}ms`;
  const hours = Math.floor(abs / 3_600_000);
  const minutes = Math.floor((abs % 3_600_000) / 60_000);
  const millis = abs % 60_000;
  const seconds = `${Math.floor(millis / 1000)}${
    millis % 1000
      ? `.${String(millis % 1000)
          .padStart(3, '0')
          .replace(/0+$/, '')}`
      : ''
  }s`;
  if (hours > 0) return `${sign}${hours}h${minutes}m${seconds}`;
  if (minutes > 0) return `${sign}${minutes}m${seconds}`;
  return `${sign}${seconds}`;
}
