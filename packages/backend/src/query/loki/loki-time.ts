/**
 * Times and durations as Loki's HTTP API reads them (pkg/loghttp/params.go): a number with a
 * point is Unix seconds (to the millisecond), an integer of at most 10 characters is Unix
 * seconds and a longer one nanoseconds, anything else RFC 3339. Errors carry Go's texts.
 */
import { parseDurationNs } from '@otel-lab/logql';
import { LokiError } from './loki-error.js';

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);
const NS_PER_S = 1_000_000_000n;

const FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+$/;
const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/** Go's quoting of a value in strconv's errors (close enough: JSON's). */
const goQuote = (text: string) => JSON.stringify(text);

/** RFC 3339 with up to nanoseconds, as Go's time.Parse(time.RFC3339Nano) reads it; else undefined. */
export function parseRfc3339Ns(text: string): bigint | undefined {
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as number[];
  if (
    (month as number) < 1 ||
    (month as number) > 12 ||
    (day as number) < 1 ||
    (day as number) > 31 ||
    (hour as number) > 23 ||
    (minute as number) > 59 ||
    (second as number) > 59
  ) {
    return undefined;
  }
  const ms = Date.UTC(year as number, (month as number) - 1, day, hour, minute, second);
  // Date.UTC rolls an impossible day (Feb 30) into the next month; Go refuses it.
  if (new Date(ms).getUTCDate() !== day) return undefined;
  const fraction = BigInt((m[7] ?? '').padEnd(9, '0'));
  const offsetS = m[8] ? 0 : (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 3600 + Number(m[11]) * 60);
  return BigInt(ms / 1000 - offsetS) * NS_PER_S + fraction;
}

/** A time parameter in nanoseconds; `fallback` when absent or empty. */
export function parseLokiTime(value: string | null, fallback: bigint): bigint {
  if (value === null || value === '') return fallback;
  if (value.includes('.') && FLOAT.test(value)) {
    const seconds = Number(value);
    if (Number.isFinite(seconds)) {
      const whole = Math.trunc(seconds);
      const ms = Math.round((seconds - whole) * 1000);
      return clamp(BigInt(whole) * NS_PER_S + BigInt(ms) * 1_000_000n);
    }
  }
  if (INTEGER.test(value)) {
    const n = BigInt(value);
    if (n > INT64_MAX || n < INT64_MIN) {
      throw new LokiError(`strconv.ParseInt: parsing ${goQuote(value)}: value out of range`);
    }
    return value.length <= 10 ? clamp(n * NS_PER_S) : n;
  }
  const rfc = parseRfc3339Ns(value);
  if (rfc !== undefined) return rfc;
  throw new LokiError(`strconv.ParseInt: parsing ${goQuote(value)}: invalid syntax`);
}

/** Nanoseconds within int64, as Go's time arithmetic keeps them (saturating here). */
function clamp(ns: bigint): bigint {
  return ns > INT64_MAX ? INT64_MAX : ns < INT64_MIN ? INT64_MIN : ns;
}

/** `step` or `interval`: seconds (a float) or a duration such as 5m; nanoseconds. */
export function parseSecondsOrDuration(value: string): bigint {
  if (FLOAT.test(value)) {
    const ns = Number(value) * 1e9;
    if (ns > 9.223372036854776e18 || ns < -9.223372036854776e18) {
      throw new LokiError(`cannot parse ${goQuote(value)} to a valid duration. It overflows int64`);
    }
    return BigInt(Math.trunc(ns));
  }
  const duration = parseDurationNs(value);
  if (duration === undefined)
    throw new LokiError(`cannot parse ${goQuote(value)} to a valid duration`);
  return duration;
}
