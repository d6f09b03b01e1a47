// The functions line_format and label_format offer: Loki's own (ToUpper, ToLower, Replace, Trim*,
// regexReplaceAll, regexReplaceAllLiteral, count, urlencode, urldecode, bytes, duration,
// duration_seconds, unixEpochMillis, unixEpochNanos, unixToTime, alignLeft, alignRight, b64dec),
// its Sprig selection (lower, upper, title, trunc, substr, contains, hasPrefix, hasSuffix, indent,
// nindent, replace, repeat, trim, trimAll, trimPrefix, trimSuffix, int, float64, add, sub, mul, div,
// mod, addf, subf, mulf, divf, max, min, maxf, minf, ceil, floor, round, date, toDate, now,
// unixEpoch, default, b64enc) and Go's builtins (and, or, not, len, eq, ne, lt, le, gt, ge, print,
// printf, println, urlquery). __line__ and __timestamp__ are added per entry by the executor.
import { parseBytes, parseFloatGo, parseGoDurationNs } from '../parse/literals';
import { compileSearch } from '../pipeline/search-regex';
import { formatTime, formatValue, GoTime, type GoValue, sprintf } from './go-format';

export class TemplateExecError extends Error {}

type Fn = (...args: GoValue[]) => GoValue;

function str(v: GoValue | undefined, fn: string): string {
  if (typeof v === 'string') return v;
  throw new TemplateExecError(
    `error calling ${fn}: wrong type for value; expected string; got ${typeName(v)}`,
  );
}

function typeName(v: GoValue | undefined): string {
  if (v === undefined || v === null) return '<nil>';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'boolean') return 'bool';
  return v instanceof GoTime ? 'time.Time' : 'string';
}

/** Sprig's toInt64 (cast): numbers truncate, strings parse, anything else is 0. */
export function toInt(v: GoValue | undefined): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? BigInt(Math.trunc(v)) : 0n;
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v === 'string' && /^[-+]?\d+$/.test(v.trim())) return BigInt(v.trim());
  return 0n;
}

export function toFloat(v: GoValue | undefined): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') return parseFloatGo(v.trim()) ?? 0;
  return 0;
}

/** Go's truth: false, 0, nil and "" are false. */
export function truth(v: GoValue): boolean {
  return !(v === null || v === false || v === '' || v === 0 || v === 0n);
}

function compareValues(a: GoValue | undefined, b: GoValue | undefined, fn: string): number {
  const num = (x: GoValue | undefined) => typeof x === 'number' || typeof x === 'bigint';
  if (num(a) && num(b)) {
    const x = typeof a === 'bigint' && typeof b === 'bigint' ? a : toFloat(a);
    const y = typeof a === 'bigint' && typeof b === 'bigint' ? b : toFloat(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean' && (fn === 'eq' || fn === 'ne')) {
    return a === b ? 0 : 1;
  }
  throw new TemplateExecError(`error calling ${fn}: incompatible types for comparison`);
}

/** Go's Regexp.Expand template: $1, ${1}, $name, ${name}, $$. */
function expand(template: string, group: (name: string) => string): string {
  return template.replace(/\$(\$|\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/g, (_, all, braced, bare) =>
    all === '$' ? '$' : group((braced ?? bare) as string),
  );
}

function replaceAll(
  pattern: string,
  s: string,
  replacement: (m: ReturnType<ReturnType<typeof compileSearch>['matcher']>) => string,
): string {
  const re = compileSearch(pattern);
  const m = re.matcher(s);
  let out = '';
  let last = 0;
  while (m.find()) {
    out += s.slice(last, m.start()) + replacement(m);
    last = m.end();
    if (m.end() === m.start()) {
      if (last >= s.length) break;
      out += s[last];
      last++;
      if (!m.find(last)) break;
      out += s.slice(last, m.start()) + replacement(m);
      last = m.end();
    }
  }
  return out + s.slice(last);
}

function align(count: bigint, s: string, right: boolean): string {
  const runes = [...s];
  const n = Number(count);
  if (n <= 0) return s;
  if (runes.length >= n)
    return right ? runes.slice(runes.length - n).join('') : runes.slice(0, n).join('');
  const fill = ' '.repeat(n - runes.length);
  return right ? fill + s : s + fill;
}

function cutset(s: string, set: string, left: boolean, right: boolean): string {
  const chars = new Set([...set]);
  const runes = [...s];
  let a = 0;
  let b = runes.length;
  while (left && a < b && chars.has(runes[a] as string)) a++;
  while (right && b > a && chars.has(runes[b - 1] as string)) b--;
  return runes.slice(a, b).join('');
}

function goQueryEscape(s: string): string {
  return encodeURIComponent(s)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

function indent(n: bigint, s: string): string {
  const pad = ' '.repeat(Number(n));
  return pad + s.replaceAll('\n', `\n${pad}`);
}

function round(a: GoValue, p: GoValue, r?: GoValue): number {
  const places = Number(toInt(p));
  const half = r === undefined ? 0.5 : toFloat(r);
  const pow = 10 ** places;
  const digit = toFloat(a) * pow;
  const floor = Math.floor(digit);
  return (digit - floor >= half ? Math.ceil(digit) : floor) / pow;
}

function unixToTime(epoch: string): GoTime {
  const n = BigInt(/^-?\d+$/.test(epoch) ? epoch : 'x');
  switch (epoch.replace('-', '').length) {
    case 5:
      return new GoTime(n * 86_400_000_000_000n);
    case 10:
      return new GoTime(n * 1_000_000_000n);
    case 13:
      return new GoTime(n * 1_000_000n);
    case 16:
      return new GoTime(n * 1_000n);
    case 19:
      return new GoTime(n);
    default:
      throw new TemplateExecError(`unable to parse time '${epoch}'`);
  }
}

function timeOf(v: GoValue | undefined, fn: string): GoTime {
  if (v instanceof GoTime) return v;
  if (typeof v === 'bigint') return new GoTime(v * 1_000_000_000n);
  throw new TemplateExecError(`error calling ${fn}: expected a time, got ${typeName(v)}`);
}

function durationSeconds(s: string): number {
  const ns = parseGoDurationNs(s);
  if (ns === undefined) throw new TemplateExecError(`time: invalid duration ${JSON.stringify(s)}`);
  return Number(ns) / 1e9;
}

export const templateFunctions: Readonly<Record<string, Fn>> = {
  ToLower: (s) => str(s, 'ToLower').toLowerCase(),
  ToUpper: (s) => str(s, 'ToUpper').toUpperCase(),
  Replace: (s, o, n, c) => {
    const count = Number(toInt(c));
    const src = str(s, 'Replace');
    const old = str(o, 'Replace');
    if (count < 0) return src.replaceAll(old, str(n, 'Replace'));
    let out = src;
    let from = 0;
    for (let i = 0; i < count; i++) {
      const at = out.indexOf(old, from);
      if (at < 0) break;
      out = out.slice(0, at) + str(n, 'Replace') + out.slice(at + old.length);
      from = at + str(n, 'Replace').length + (old === '' ? 1 : 0);
    }
    return out;
  },
  Trim: (s, c) => cutset(str(s, 'Trim'), str(c, 'Trim'), true, true),
  TrimLeft: (s, c) => cutset(str(s, 'TrimLeft'), str(c, 'TrimLeft'), true, false),
  TrimRight: (s, c) => cutset(str(s, 'TrimRight'), str(c, 'TrimRight'), false, true),
  TrimPrefix: (s, p) => {
    const v = str(s, 'TrimPrefix');
    const prefix = str(p, 'TrimPrefix');
    return v.startsWith(prefix) ? v.slice(prefix.length) : v;
  },
  TrimSuffix: (s, p) => {
    const v = str(s, 'TrimSuffix');
    const suffix = str(p, 'TrimSuffix');
    return suffix !== '' && v.endsWith(suffix) ? v.slice(0, -suffix.length) : v;
  },
  TrimSpace: (s) => str(s, 'TrimSpace').trim(),
  regexReplaceAll: (re, s, r) =>
    replaceAll(str(re, 'regexReplaceAll'), str(s, 'regexReplaceAll'), (m) =>
      expand(str(r, 'regexReplaceAll'), (name) => {
        try {
          return (/^\d+$/.test(name) ? m.group(Number(name)) : m.group(name)) ?? '';
        } catch {
          return '';
        }
      }),
    ),
  regexReplaceAllLiteral: (re, s, r) =>
    replaceAll(str(re, 'regexReplaceAllLiteral'), str(s, 'regexReplaceAllLiteral'), () =>
      str(r, 'regexReplaceAllLiteral'),
    ),
  count: (re, s) => {
    let n = 0n;
    replaceAll(str(re, 'count'), str(s, 'count'), () => {
      n++;
      return '';
    });
    return n;
  },
  urldecode: (s) => {
    try {
      return decodeURIComponent(str(s, 'urldecode').replaceAll('+', ' '));
    } catch {
      throw new TemplateExecError(`error calling urldecode: invalid URL escape`);
    }
  },
  urlencode: (s) => goQueryEscape(str(s, 'urlencode')),
  urlquery: (...args) => goQueryEscape(args.map(formatValue).join('')),
  bytes: (s) => {
    const v = parseBytes(str(s, 'bytes'));
    if (v === undefined) throw new TemplateExecError(`error calling bytes: unhandled size name`);
    return v;
  },
  duration: (s) => durationSeconds(str(s, 'duration')),
  duration_seconds: (s) => durationSeconds(str(s, 'duration_seconds')),
  unixEpochMillis: (t) => timeOf(t, 'unixEpochMillis').ns / 1_000_000n,
  unixEpochNanos: (t) => timeOf(t, 'unixEpochNanos').ns,
  unixEpoch: (t) => timeOf(t, 'unixEpoch').ns / 1_000_000_000n,
  unixToTime: (s) => unixToTime(str(s, 'unixToTime')),
  alignLeft: (n, s) => align(toInt(n), str(s, 'alignLeft'), false),
  alignRight: (n, s) => align(toInt(n), str(s, 'alignRight'), true),
  b64dec: (s) => Buffer.from(str(s, 'b64dec'), 'base64').toString('utf8'),
  b64enc: (s) => Buffer.from(str(s, 'b64enc'), 'utf8').toString('base64'),
  lower: (s) => str(s, 'lower').toLowerCase(),
  upper: (s) => str(s, 'upper').toUpperCase(),
  title: (s) =>
    str(s, 'title').replace(
      /(^|[^\p{L}\p{N}_'])(\p{L})/gu,
      (_, a, b: string) => a + b.toUpperCase(),
    ),
  trunc: (c, s) => {
    const runes = [...str(s, 'trunc')];
    const n = Number(toInt(c));
    if (n < 0 && runes.length + n > 0) return runes.slice(runes.length + n).join('');
    return n >= 0 && runes.length > n ? runes.slice(0, n).join('') : runes.join('');
  },
  substr: (a, b, s) => {
    const v = str(s, 'substr');
    const start = Number(toInt(a));
    const end = Number(toInt(b));
    if (start < 0) return v.slice(0, end);
    if (end < 0 || end > v.length) return v.slice(start);
    return v.slice(start, end);
  },
  contains: (sub, s) => str(s, 'contains').includes(str(sub, 'contains')),
  hasPrefix: (p, s) => str(s, 'hasPrefix').startsWith(str(p, 'hasPrefix')),
  hasSuffix: (p, s) => str(s, 'hasSuffix').endsWith(str(p, 'hasSuffix')),
  indent: (n, s) => indent(toInt(n), str(s, 'indent')),
  nindent: (n, s) => `\n${indent(toInt(n), str(s, 'nindent'))}`,
  replace: (o, n, s) => str(s, 'replace').replaceAll(str(o, 'replace'), str(n, 'replace')),
  repeat: (n, s) => str(s, 'repeat').repeat(Math.max(0, Math.min(Number(toInt(n)), 10_000))),
  trim: (s) => str(s, 'trim').trim(),
  trimAll: (c, s) => cutset(str(s, 'trimAll'), str(c, 'trimAll'), true, true),
  trimPrefix: (p, s) => templateFunctions.TrimPrefix?.(s as GoValue, p as GoValue) as string,
  trimSuffix: (p, s) => templateFunctions.TrimSuffix?.(s as GoValue, p as GoValue) as string,
  int: (v) => toInt(v),
  float64: (v) => toFloat(v),
  add: (...a) => a.reduce<bigint>((s, v) => s + toInt(v), 0n),
  sub: (a, b) => toInt(a) - toInt(b),
  mul: (...a) => a.reduce<bigint>((s, v) => s * toInt(v), 1n),
  div: (a, b) => {
    if (toInt(b) === 0n)
      throw new TemplateExecError('error calling div: runtime error: integer divide by zero');
    return toInt(a) / toInt(b);
  },
  mod: (a, b) => {
    if (toInt(b) === 0n)
      throw new TemplateExecError('error calling mod: runtime error: integer divide by zero');
    return toInt(a) % toInt(b);
  },
  addf: (...a) => a.reduce<number>((s, v) => s + toFloat(v), 0),
  subf: (a, ...b) => b.reduce<number>((s, v) => s - toFloat(v), toFloat(a)),
  mulf: (...a) => a.reduce<number>((s, v) => s * toFloat(v), 1),
  divf: (a, ...b) => b.reduce<number>((s, v) => s / toFloat(v), toFloat(a)),
  // biome-ignore lint/complexity/useMathMinMax: bigint, which Math.max does not take
  max: (a, ...b) => b.reduce<bigint>((m, v) => (toInt(v) > m ? toInt(v) : m), toInt(a)),
  // biome-ignore lint/complexity/useMathMinMax: bigint, which Math.min does not take
  min: (a, ...b) => b.reduce<bigint>((m, v) => (toInt(v) < m ? toInt(v) : m), toInt(a)),
  maxf: (a, ...b) => Math.max(toFloat(a), ...b.map(toFloat)),
  minf: (a, ...b) => Math.min(toFloat(a), ...b.map(toFloat)),
  ceil: (a) => Math.ceil(toFloat(a)),
  floor: (a) => Math.floor(toFloat(a)),
  round: (a, p, r) => round(a as GoValue, p as GoValue, r),
  date: (layout, t) => formatTime(timeOf(t, 'date'), str(layout, 'date')),
  toDate: (_layout, s) => {
    const ms = Date.parse(str(s, 'toDate'));
    if (Number.isNaN(ms))
      throw new TemplateExecError(`error calling toDate: cannot parse ${JSON.stringify(s)}`);
    return new GoTime(BigInt(ms) * 1_000_000n);
  },
  now: () => new GoTime(BigInt(Date.now()) * 1_000_000n),
  default: (d, ...given) => {
    const v = given[given.length - 1];
    return v === undefined || !truth(v) ? (d as GoValue) : v;
  },
  not: (v) => !truth(v as GoValue),
  len: (v) => BigInt([...str(v, 'len')].length === 0 ? 0 : Buffer.byteLength(str(v, 'len'))),
  eq: (a, ...b) => b.some((v) => compareValues(a, v, 'eq') === 0),
  ne: (a, b) => compareValues(a, b, 'ne') !== 0,
  lt: (a, b) => compareValues(a, b, 'lt') < 0,
  le: (a, b) => compareValues(a, b, 'le') <= 0,
  gt: (a, b) => compareValues(a, b, 'gt') > 0,
  ge: (a, b) => compareValues(a, b, 'ge') >= 0,
  print: (...a) =>
    a
      .map(formatValue)
      .reduce(
        (out, s, i) =>
          out + (i > 0 && typeof a[i] !== 'string' && typeof a[i - 1] !== 'string' ? ' ' : '') + s,
        '',
      ),
  printf: (f, ...a) => sprintf(str(f, 'printf'), a),
  println: (...a) => `${a.map(formatValue).join(' ')}\n`,
};
