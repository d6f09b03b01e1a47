// Numbers, times, conversions and Go's logic and comparison builtins for line_format and label_format.
import { parseBytes, parseGoDurationNs } from '../parse/literals';
import { formatTime, GoTime, type GoValue } from './go-format';
import {
  compareValues,
  type Fn,
  fromJsonValue,
  str,
  TemplateExecError,
  toFloat,
  toInt,
  truth,
  typeName,
} from './template-values';

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

export const numberAndTimeFunctions: Readonly<Record<string, Fn>> = {
  // Sprig's: what does not parse is nil.
  fromJson: (s) => {
    try {
      return fromJsonValue(JSON.parse(str(s, 'fromJson')));
    } catch (error) {
      if (error instanceof SyntaxError) return null;
      throw error;
    }
  },
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
  eq: (a, ...b) => b.some((v) => compareValues(a, v, 'eq') === 0),
  ne: (a, b) => compareValues(a, b, 'ne') !== 0,
  lt: (a, b) => compareValues(a, b, 'lt') < 0,
  le: (a, b) => compareValues(a, b, 'le') <= 0,
  gt: (a, b) => compareValues(a, b, 'gt') > 0,
  ge: (a, b) => compareValues(a, b, 'ge') >= 0,
};
