// Go's view of template values for the template functions: type checks with Go's error words,
// Sprig's number conversions, Go's truth and comparison.
import { parseFloatGo } from '../parse/literals';
import { GoTime, type GoValue } from './go-format';

export class TemplateExecError extends Error {}

export type Fn = (...args: GoValue[]) => GoValue;

export function str(v: GoValue | undefined, fn: string): string {
  if (typeof v === 'string') return v;
  throw new TemplateExecError(
    `error calling ${fn}: wrong type for value; expected string; got ${typeName(v)}`,
  );
}

export function typeName(v: GoValue | undefined): string {
  if (v === undefined || v === null) return '<nil>';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'string';
  if (v instanceof GoTime) return 'time.Time';
  return v instanceof Map ? 'map[string]interface {}' : '[]interface {}';
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

/** Go's truth: false, 0, nil, "" and empty maps and lists are false. */
export function truth(v: GoValue): boolean {
  if (v instanceof Map) return v.size > 0;
  if (Array.isArray(v)) return v.length > 0;
  return !(v === null || v === false || v === '' || v === 0 || v === 0n);
}

/** Deeper JSON is cut off (as nil) rather than recursed into. */
const MAX_JSON_DEPTH = 128;

/** JSON as Go's json.Unmarshal into interface{} reads it: numbers are float64. */
export function fromJsonValue(value: unknown, depth = 0): GoValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return value;
  if (depth >= MAX_JSON_DEPTH) return null;
  if (Array.isArray(value)) return value.map((v) => fromJsonValue(v, depth + 1));
  return new Map(Object.entries(value as object).map(([k, v]) => [k, fromJsonValue(v, depth + 1)]));
}

export function compareValues(a: GoValue | undefined, b: GoValue | undefined, fn: string): number {
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
