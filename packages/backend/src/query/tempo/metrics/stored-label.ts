import type { LabelValue } from './label-value.js';

/**
 * Label values from what the store holds: span attributes in the compact JSON form
 * (storage/compact-attributes.ts), resource attributes as OTLP/JSON AnyValues. Lists, maps and
 * bytes become their JSON text, a string label.
 */

type Json = unknown;

function fromCompact(value: Json): LabelValue {
  if (value === null || value === undefined) return { type: 'nil' };
  if (typeof value === 'string') return { type: 'string', value };
  if (typeof value === 'boolean') return { type: 'bool', value };
  if (typeof value === 'number') {
    return Number.isInteger(value) ? { type: 'int', value } : { type: 'float', value };
  }
  if (typeof value === 'object' && !Array.isArray(value)) {
    const tagged = value as Record<string, Json>;
    if ('i' in tagged) return { type: 'int', value: Number(tagged.i) };
    if ('d' in tagged) return { type: 'float', value: Number(tagged.d) };
  }
  return { type: 'string', value: JSON.stringify(value) };
}

/** A span attribute's compact JSON text (NULL when absent) as a label value. */
export function compactLabel(text: string | null | undefined): LabelValue {
  if (text === null || text === undefined) return { type: 'nil' };
  try {
    return fromCompact(JSON.parse(text));
  } catch {
    return { type: 'string', value: text };
  }
}

interface OtlpAnyValue {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number | string;
  boolValue?: boolean;
}

/** An OTLP/JSON AnyValue as a label value. */
export function otlpLabel(value: OtlpAnyValue | undefined): LabelValue {
  if (value === undefined || value === null) return { type: 'nil' };
  if (value.stringValue !== undefined) return { type: 'string', value: value.stringValue };
  if (value.intValue !== undefined) return { type: 'int', value: Number(value.intValue) };
  if (value.doubleValue !== undefined) return { type: 'float', value: Number(value.doubleValue) };
  if (value.boolValue !== undefined) return { type: 'bool', value: value.boolValue };
  return { type: 'string', value: JSON.stringify(value) };
}

/** A stored resource body's attributes, key → label value. */
export function resourceLabels(body: string): Map<string, LabelValue> {
  const out = new Map<string, LabelValue>();
  try {
    const parsed = JSON.parse(body) as { attributes?: { key: string; value?: OtlpAnyValue }[] };
    for (const kv of parsed.attributes ?? []) out.set(kv.key, otlpLabel(kv.value));
  } catch {}
  return out;
}
