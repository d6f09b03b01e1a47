/**
 * fmt.Sprintf for the verbs rule templates use: %s %d %f %e %g %v %q %x %X %%, with flags
 * (- + space 0), width and precision. A verb that does not fit its argument prints Go's
 * `%!d(string=abc)`, a missing argument `%!d(MISSING)`, leftovers `%!(EXTRA …)`.
 */
import { formatFloat } from './go-float.js';
import { formatV, GoInt, type GoValue, typeName } from './go-value.js';

interface Spec {
  minus: boolean;
  plus: boolean;
  space: boolean;
  zero: boolean;
  width?: number;
  prec?: number;
  verb: string;
}

/** Go's parsenum gives up when the number read so far passes a million before the next digit. */
const tooLarge = (digits: string | undefined) =>
  digits !== undefined && digits.length > 1 && Number(digits.slice(0, -1)) > 1e6;
const SPEC = /%([-+ 0#]*)(\d+)?(?:\.(\d*))?([a-zA-Z%])?/y;

/** Go's %q: a double-quoted string with Go escapes. */
export function quoteGo(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

function signed(body: string, spec: Spec): string {
  // Go keeps +Inf's sign whatever the flags; NaN never has one.
  if (body.startsWith('-') || body === 'NaN' || body === '+Inf') return body;
  if (body.startsWith('+')) return spec.plus ? body : body.slice(1);
  return spec.plus ? `+${body}` : spec.space ? ` ${body}` : body;
}

function pad(s: string, spec: Spec, numeric: boolean): string {
  const w = spec.width ?? 0;
  if (s.length >= w) return s;
  if (spec.minus) return s.padEnd(w);
  if (spec.zero && numeric && !/Inf|NaN/.test(s)) {
    const sign = /^[-+ ]/.test(s) ? s.slice(0, 1) : '';
    return sign + s.slice(sign.length).padStart(w - sign.length, '0');
  }
  return s.padStart(w);
}

/** Go prints the argument of a wrong verb as %v with the same flags, width and precision. */
const bad = (spec: Spec, arg: GoValue) =>
  `%!${spec.verb}(${typeName(arg)}=${formatOne({ ...spec, verb: 'v' }, arg)})`;

function formatOne(spec: Spec, arg: GoValue): string {
  const { verb } = spec;
  if (typeof arg === 'number') {
    if (!'eEfFgGv'.includes(verb)) return bad(spec, arg);
    const v = verb === 'v' ? 'g' : verb === 'F' ? 'f' : (verb as 'e' | 'E' | 'f' | 'g' | 'G');
    const prec = spec.prec ?? ('eEf'.includes(v) ? 6 : -1);
    return pad(signed(formatFloat(arg, v, prec), spec), spec, true);
  }
  if (arg instanceof GoInt) {
    if (verb === 'd' || verb === 'v') return pad(signed(String(arg.v), spec), spec, true);
    if (verb === 'x' || verb === 'X') {
      const hex = arg.v.toString(16);
      return pad(signed(verb === 'X' ? hex.toUpperCase() : hex, spec), spec, true);
    }
    if (verb === 'q')
      return pad(quoteGo(String.fromCodePoint(arg.v)).replace(/"/g, "'"), spec, false);
    return bad(spec, arg);
  }
  if (typeof arg === 'string') {
    const s = spec.prec === undefined ? arg : [...arg].slice(0, spec.prec).join('');
    if (verb === 's' || verb === 'v') return pad(s, spec, false);
    if (verb === 'q') return pad(quoteGo(s), spec, false);
    if (verb === 'x') return pad(Buffer.from(s).toString('hex'), spec, false);
    return bad(spec, arg);
  }
  if (verb === 'v' || (verb === 't' && typeof arg === 'boolean'))
    return pad(formatV(arg), spec, false);
  return bad(spec, arg);
}

export function sprintf(format: string, args: GoValue[]): string {
  let out = '';
  let next = 0;
  let i = 0;
  while (i < format.length) {
    const pct = format.indexOf('%', i);
    if (pct < 0) {
      out += format.slice(i);
      break;
    }
    out += format.slice(i, pct);
    SPEC.lastIndex = pct;
    const m = SPEC.exec(format) as RegExpExecArray;
    i = SPEC.lastIndex;
    const flags = m[1] ?? '';
    const spec: Spec = {
      minus: flags.includes('-'),
      plus: flags.includes('+'),
      space: flags.includes(' '),
      zero: flags.includes('0') && !flags.includes('-'),
      width: m[2] === undefined ? undefined : Number(m[2]),
      prec: m[3] === undefined ? undefined : Number(m[3] || '0'),
      verb: m[4] ?? '',
    };
    if (tooLarge(m[2]) || tooLarge(m[3])) {
      // Go stops reading the format at a width or precision past ten million.
      out += '%!(NOVERB)';
      break;
    }
    if (spec.verb === '') out += '%!(NOVERB)';
    else if (spec.verb === '%') out += '%';
    else if (next >= args.length) out += `%!${spec.verb}(MISSING)`;
    else out += formatOne(spec, args[next++] ?? null);
  }
  if (next < args.length) {
    const extra = args.slice(next).map((a) => `${typeName(a)}=${formatV(a)}`);
    out += `%!(EXTRA ${extra.join(', ')})`;
  }
  return out;
}
