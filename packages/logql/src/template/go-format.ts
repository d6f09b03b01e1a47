// Go's printing of template values: the %v form (`{{ .x }}`, print) and a printf with the common
// verbs (%s %v %d %f %e %g %q %x %X %t %%, width, precision, `-`, `0`, `+`).
import { formatTime, GoTime } from './go-time';

export { formatTime, GoTime };

/** A template value: Go's scalars, times, and what fromJson gives (maps and lists). */
export type GoValue =
  | string
  | number
  | bigint
  | boolean
  | null
  | GoTime
  | ReadonlyMap<string, GoValue>
  | readonly GoValue[];

/** Go's %v: maps as `map[k:v ...]` with sorted keys, lists as `[a b]`. */
export function formatValue(v: GoValue): string {
  if (v === null) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return formatFloat(v);
  if (v instanceof GoTime) return formatTime(v, '2006-01-02 15:04:05.999999999 -0700 MST');
  if (v instanceof Map) {
    const keys = [...v.keys()].sort();
    return `map[${keys.map((k) => `${k}:${formatValue(v.get(k) as GoValue)}`).join(' ')}]`;
  }
  return `[${(v as readonly GoValue[]).map(formatValue).join(' ')}]`;
}

/** Go's %v of a float64: shortest digits, exponent below 1e-4 and from 1e21. */
export function formatFloat(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (!Number.isFinite(f)) return f > 0 ? '+Inf' : '-Inf';
  const abs = Math.abs(f);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e21)) return goExponent(f.toExponential());
  return String(f);
}

/** JavaScript's `1.5e-7` as Go's `1.5e-07`. */
function goExponent(text: string): string {
  return text.replace(/e([-+])(\d)$/, 'e$10$2');
}

export function sprintf(format: string, args: readonly GoValue[]): string {
  let out = '';
  let next = 0;
  const verb = /%([-+# 0]*)(\d+)?(?:\.(\d*))?([a-zA-Z%])/y;
  for (let i = 0; i < format.length; ) {
    if (format[i] !== '%') {
      const j = format.indexOf('%', i);
      out += format.slice(i, j < 0 ? format.length : j);
      i = j < 0 ? format.length : j;
      continue;
    }
    verb.lastIndex = i;
    const m = verb.exec(format);
    if (!m) {
      out += '%!(NOVERB)';
      break;
    }
    i = verb.lastIndex;
    const [, flags = '', width, precision, v = ''] = m;
    if (v === '%') {
      out += '%';
      continue;
    }
    if (next >= args.length) {
      out += `%!${v}(MISSING)`;
      continue;
    }
    const arg = args[next++] as GoValue;
    const text = formatVerb(
      v,
      arg,
      flags,
      precision === undefined ? undefined : Number(precision || 0),
    );
    out += pad(text, width === undefined ? 0 : Number(width), flags);
  }
  if (next < args.length) {
    out += `%!(EXTRA ${args
      .slice(next)
      .map((a) => `${goType(a)}=${formatValue(a)}`)
      .join(', ')})`;
  }
  return out;
}

function goType(v: GoValue): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'boolean') return 'bool';
  return v === null ? '<nil>' : 'time.Time';
}

function formatVerb(v: string, arg: GoValue, flags: string, precision: number | undefined): string {
  const sign = (s: string) => (flags.includes('+') && !s.startsWith('-') ? `+${s}` : s);
  switch (v) {
    case 'v':
    case 's':
      return precision !== undefined && typeof arg === 'string'
        ? [...arg].slice(0, precision).join('')
        : typeof arg === 'number' || typeof arg === 'bigint'
          ? sign(formatValue(arg))
          : v === 's' && typeof arg !== 'string' && !(arg instanceof GoTime)
            ? `%!s(${goType(arg)}=${formatValue(arg)})`
            : formatValue(arg);
    case 'q':
      return typeof arg === 'string'
        ? JSON.stringify(arg)
        : `%!q(${goType(arg)}=${formatValue(arg)})`;
    case 't':
      return typeof arg === 'boolean' ? String(arg) : `%!t(${goType(arg)}=${formatValue(arg)})`;
    case 'd':
      return typeof arg === 'bigint'
        ? sign(String(arg))
        : `%!d(${goType(arg)}=${formatValue(arg)})`;
    case 'x':
    case 'X': {
      const text =
        typeof arg === 'bigint'
          ? arg.toString(16)
          : typeof arg === 'string'
            ? Buffer.from(arg, 'utf8').toString('hex')
            : `%!${v}(${goType(arg)}=${formatValue(arg)})`;
      return v === 'X' ? text.toUpperCase() : text;
    }
    case 'f':
    case 'F':
    case 'e':
    case 'g': {
      if (typeof arg !== 'number') return `%!${v}(${goType(arg)}=${formatValue(arg)})`;
      if (!Number.isFinite(arg)) return formatFloat(arg);
      if (v === 'e') return sign(goExponent(arg.toExponential(precision ?? 6)));
      if (v === 'g')
        return sign(
          precision === undefined
            ? formatFloat(arg)
            : String(Number(arg.toPrecision(precision || 1))),
        );
      return sign(arg.toFixed(precision ?? 6));
    }
    default:
      return `%!${v}(${goType(arg)}=${formatValue(arg)})`;
  }
}

function pad(text: string, width: number, flags: string): string {
  const length = [...text].length;
  if (length >= width) return text;
  const fill = width - length;
  if (flags.includes('-')) return text + ' '.repeat(fill);
  if (flags.includes('0') && /^[-+]?[\d.]/.test(text)) {
    const sign = /^[-+]/.test(text) ? (text[0] as string) : '';
    return sign + '0'.repeat(fill) + text.slice(sign.length);
  }
  return ' '.repeat(fill) + text;
}
