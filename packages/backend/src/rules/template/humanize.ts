/**
 * Prometheus's humanize* template functions (template/template.go of Prometheus 2.42, which the
 * rule files this lab reads are written against): SI and binary prefixes with four significant
 * digits, durations as "1d 2h 3m 4s", percentages, and UTC timestamps.
 */
import { formatFloat } from './go-float.js';
import { quoteGo } from './go-printf.js';
import { GoInt, type GoValue, typeName } from './go-value.js';

const g4 = (v: number) => formatFloat(v, 'g', 4);

/** Prometheus's convertToFloat: float64, int, or a string strconv.ParseFloat accepts. */
export function toFloat(v: GoValue): number {
  if (typeof v === 'number') return v;
  if (v instanceof GoInt) return v.v;
  if (typeof v === 'string') {
    if (/^[+-]?(inf|infinity)$/i.test(v)) return v.startsWith('-') ? -Infinity : Infinity;
    if (/^[+-]?nan$/i.test(v)) return Number.NaN;
    if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(v)) return Number(v);
    throw new Error(`strconv.ParseFloat: parsing ${quoteGo(v)}: invalid syntax`);
  }
  throw new Error(`can't convert ${typeName(v)} to float`);
}

const special = (v: number) => Number.isNaN(v) || !Number.isFinite(v);

export function humanize(value: GoValue): string {
  let v = toFloat(value);
  if (v === 0 || special(v)) return g4(v);
  let prefix = '';
  if (Math.abs(v) >= 1) {
    for (const p of ['k', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y']) {
      if (Math.abs(v) < 1000) break;
      prefix = p;
      v /= 1000;
    }
    return g4(v) + prefix;
  }
  for (const p of ['m', 'u', 'n', 'p', 'f', 'a', 'z', 'y']) {
    if (Math.abs(v) >= 1) break;
    prefix = p;
    v *= 1000;
  }
  return g4(v) + prefix;
}

export function humanize1024(value: GoValue): string {
  let v = toFloat(value);
  if (Math.abs(v) <= 1 || special(v)) return g4(v);
  let prefix = '';
  for (const p of ['ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei', 'Zi', 'Yi']) {
    if (Math.abs(v) < 1024) break;
    prefix = p;
    v /= 1024;
  }
  return g4(v) + prefix;
}

export function humanizeDuration(value: GoValue): string {
  let v = toFloat(value);
  if (special(v)) return g4(v);
  if (v === 0) return `${g4(v)}s`;
  if (Math.abs(v) >= 1) {
    const sign = v < 0 ? '-' : '';
    v = Math.abs(v);
    const whole = Math.trunc(v);
    const seconds = whole % 60;
    const minutes = Math.trunc(whole / 60) % 60;
    const hours = Math.trunc(whole / 3600) % 24;
    const days = Math.trunc(whole / 86400);
    if (days !== 0) return `${sign}${days}d ${hours}h ${minutes}m ${seconds}s`;
    if (hours !== 0) return `${sign}${hours}h ${minutes}m ${seconds}s`;
    if (minutes !== 0) return `${sign}${minutes}m ${seconds}s`;
    return `${sign}${g4(v)}s`;
  }
  let prefix = '';
  for (const p of ['m', 'u', 'n', 'p', 'f', 'a', 'z', 'y']) {
    if (Math.abs(v) >= 1) break;
    prefix = p;
    v *= 1000;
  }
  return `${g4(v)}${prefix}s`;
}

export const humanizePercentage = (value: GoValue) => `${g4(toFloat(value) * 100)}%`;

/** Go's time.Time.String() in UTC at Prometheus's millisecond precision. */
export function humanizeTimestamp(value: GoValue): string {
  const v = toFloat(value);
  if (special(v)) return g4(v);
  const nanos = v * 1e9;
  if (Math.abs(nanos) > 2 ** 63) {
    throw new Error(
      `${formatFloat(v, 'g', -1)} cannot be represented as a nanoseconds timestamp since it overflows int64`,
    );
  }
  // model.TimeFromUnixNano keeps whole milliseconds, truncating toward zero.
  const ms = Number(BigInt(Math.trunc(nanos)) / 1_000_000n);
  const iso = new Date(ms).toISOString();
  const frac = iso.slice(20, 23).replace(/0+$/, '');
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${frac ? `.${frac}` : ''} +0000 UTC`;
}
