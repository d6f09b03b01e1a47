// Go's printing of template values: the %v form (`{{ .x }}`, print), a printf with the common verbs
// (%s %v %d %f %e %g %q %x %X %t %%, width, precision, `-`, `0`, `+`), and time layouts for date.

/** A point in time (what __timestamp__, now, toDate and unixToTime return), printed in UTC. */
export class GoTime {
  constructor(readonly ns: bigint) {}
}

export type GoValue = string | number | bigint | boolean | null | GoTime;

/** Go's %v. */
export function formatValue(v: GoValue): string {
  if (v === null) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return formatFloat(v);
  return formatTime(v, '2006-01-02 15:04:05.999999999 -0700 MST');
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

const months = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const days = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Formats a time in UTC with a Go layout (reference time Mon Jan 2 15:04:05 MST 2006). */
export function formatTime(t: GoTime, layout: string): string {
  const ms = Number(t.ns / 1_000_000n) - (t.ns < 0n && t.ns % 1_000_000n !== 0n ? 1 : 0);
  const nanos = Number(((t.ns % 1_000_000_000n) + 1_000_000_000n) % 1_000_000_000n);
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  const hour12 = d.getUTCHours() % 12 === 0 ? 12 : d.getUTCHours() % 12;
  const tokens: [string, () => string][] = [
    ['2006', () => String(d.getUTCFullYear()).padStart(4, '0')],
    ['January', () => months[d.getUTCMonth()] as string],
    ['Jan', () => (months[d.getUTCMonth()] as string).slice(0, 3)],
    ['Monday', () => days[d.getUTCDay()] as string],
    ['Mon', () => (days[d.getUTCDay()] as string).slice(0, 3)],
    ['MST', () => 'UTC'],
    ['Z07:00', () => 'Z'],
    ['-07:00', () => '+00:00'],
    ['-0700', () => '+0000'],
    ['Z0700', () => 'Z'],
    ['01', () => two(d.getUTCMonth() + 1)],
    ['02', () => two(d.getUTCDate())],
    ['_2', () => String(d.getUTCDate()).padStart(2, ' ')],
    ['15', () => two(d.getUTCHours())],
    ['03', () => two(hour12)],
    ['04', () => two(d.getUTCMinutes())],
    ['05', () => two(d.getUTCSeconds())],
    ['06', () => two(d.getUTCFullYear() % 100)],
    ['PM', () => (d.getUTCHours() >= 12 ? 'PM' : 'AM')],
    ['pm', () => (d.getUTCHours() >= 12 ? 'pm' : 'am')],
    ['1', () => String(d.getUTCMonth() + 1)],
    ['2', () => String(d.getUTCDate())],
    ['3', () => String(hour12)],
    ['4', () => String(d.getUTCMinutes())],
    ['5', () => String(d.getUTCSeconds())],
  ];
  let out = '';
  for (let i = 0; i < layout.length; ) {
    const frac = /^[.,](0+|9+)/.exec(layout.slice(i));
    if (frac && !/\d/.test(layout[i + (frac[0] as string).length] ?? '')) {
      const digits = (frac[1] as string).length;
      let text = String(nanos).padStart(9, '0').slice(0, digits);
      if ((frac[1] as string)[0] === '9') {
        text = text.replace(/0+$/, '');
        out += text === '' ? '' : `.${text}`;
      } else out += `${(frac[0] as string)[0]}${text}`;
      i += (frac[0] as string).length;
      continue;
    }
    const token = tokens.find(([t]) => layout.startsWith(t, i));
    if (token) {
      out += token[1]();
      i += token[0].length;
    } else out += layout[i++];
  }
  return out;
}
