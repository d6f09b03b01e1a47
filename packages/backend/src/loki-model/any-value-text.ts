/**
 * An OTLP value as text, as Loki's OTLP endpoint turns attribute values and bodies into label
 * values and lines (pcommon's Value.AsString): strings as they are, maps and lists as Go's JSON.
 */

import type { OtlpJsonValue } from '../storage/compact-attributes.js';
import { type GoRaw, goFloat, goJson, UnsupportedJsonValue } from './go-json.js';

/** A stored double: a number, or the text the OTLP JSON mapping writes for NaN and infinities. */
function doubleOf(value: number | string): number {
  return typeof value === 'number' ? value : Number(value);
}

/** pcommon's AsRaw: the value as plain data, maps with the last of duplicate keys. */
export function rawOf(value: OtlpJsonValue | undefined): GoRaw {
  if (!value) return null;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return BigInt(value.intValue);
  if (value.doubleValue !== undefined) return doubleOf(value.doubleValue);
  if (value.bytesValue !== undefined) return value.bytesValue;
  if (value.arrayValue !== undefined) return (value.arrayValue.values ?? []).map(rawOf);
  if (value.kvlistValue !== undefined) {
    const map: Record<string, GoRaw> = Object.create(null);
    for (const kv of value.kvlistValue.values ?? []) map[kv.key] = rawOf(kv.value);
    return map;
  }
  return null;
}

/** The value as pcommon's AsString writes it ('' for an empty value). */
export function anyValueText(value: OtlpJsonValue | undefined): string {
  if (!value) return '';
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue ? 'true' : 'false';
  if (value.intValue !== undefined) return String(value.intValue);
  if (value.doubleValue !== undefined) {
    const double = doubleOf(value.doubleValue);
    // pcommon writes the values JSON has no number for as the OTLP JSON mapping does.
    if (Number.isNaN(double)) return 'NaN';
    return Number.isFinite(double) ? goFloat(double) : double > 0 ? 'Infinity' : '-Infinity';
  }
  // Bytes are stored in standard base64, which is what AsString writes.
  if (value.bytesValue !== undefined) return value.bytesValue;
  if (value.arrayValue !== undefined || value.kvlistValue !== undefined) {
    try {
      return goJson(rawOf(value));
    } catch (error) {
      // encoding/json refuses a NaN inside a map; AsString then gives the empty text.
      if (error instanceof UnsupportedJsonValue) return '';
      throw error;
    }
  }
  return '';
}
