/** A tag value in Tempo's v2 answer: its TraceQL type and its text. */
export interface TypedTagValue {
  type: string;
  value: string;
}

/** A value from the compact span attribute form (compact-attributes.ts); lists and maps: none. */
export function typedCompactValue(text: string): TypedTagValue | undefined {
  const value: unknown = JSON.parse(text);
  if (typeof value === 'string') return { type: 'string', value };
  if (typeof value === 'boolean') return { type: 'bool', value: String(value) };
  if (typeof value === 'number') {
    return { type: Number.isInteger(value) ? 'int' : 'float', value: String(value) };
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const marked = value as { i?: string; d?: number | string };
    if (marked.i !== undefined) return { type: 'int', value: String(marked.i) };
    if (marked.d !== undefined) return { type: 'float', value: String(marked.d) };
  }
  return undefined;
}

/** A value in OTLP/JSON's AnyValue form, as resources are stored. */
export function typedOtlpValue(text: string): TypedTagValue | undefined {
  const value = JSON.parse(text) as Record<string, unknown> | null;
  if (value === null) return undefined;
  if (value.stringValue !== undefined) return { type: 'string', value: String(value.stringValue) };
  if (value.boolValue !== undefined) return { type: 'bool', value: String(value.boolValue) };
  if (value.intValue !== undefined) return { type: 'int', value: String(value.intValue) };
  if (value.doubleValue !== undefined) return { type: 'float', value: String(value.doubleValue) };
  return undefined;
}

/** Distinct values in order of their text, at most `limit`. */
export function distinctValues(values: TypedTagValue[], limit: number): TypedTagValue[] {
  const seen = new Map<string, TypedTagValue>();
  for (const value of values) seen.set(`${value.type}\u0000${value.value}`, value);
  return [...seen.values()]
    .sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))
    .slice(0, limit);
}
