import type { AnyValue, KeyValue } from '@otel-lab/otlp';

/**
 * Attribute lists, bodies and resources are stored as OTLP/JSON text: it keeps every value's
 * type (an int apart from a double, bytes apart from strings), FSST compresses its repeated keys
 * well, and an export is then the stored text as it is.
 */
export function anyValueJson(value: AnyValue): unknown {
  switch (value.type) {
    case 'string':
      return { stringValue: value.value };
    case 'bool':
      return { boolValue: value.value };
    case 'int':
      return { intValue: value.value.toString() };
    case 'double':
      return { doubleValue: Number.isFinite(value.value) ? value.value : String(value.value) };
    case 'bytes':
      return { bytesValue: Buffer.from(value.value).toString('base64') };
    case 'array':
      return { arrayValue: { values: value.value.map(anyValueJson) } };
    case 'kvlist':
      return { kvlistValue: { values: keyValuesJson(value.value) } };
    case 'empty':
      return {};
  }
}

export function keyValuesJson(list: KeyValue[]): unknown[] {
  return list.map((kv) => ({ key: kv.key, value: anyValueJson(kv.value) }));
}

/** The string value of attribute `key`, or undefined when absent or not a string. */
export function stringAttribute(list: KeyValue[], key: string): string | undefined {
  const value = list.find((kv) => kv.key === key)?.value;
  return value?.type === 'string' ? value.value : undefined;
}

/** The integer value of attribute `key` (ints, or strings of digits), or undefined. */
export function intAttribute(list: KeyValue[], key: string): number | undefined {
  const value = list.find((kv) => kv.key === key)?.value;
  if (value?.type === 'int') return Number(value.value);
  if (value?.type === 'string' && /^\d+$/.test(value.value)) return Number(value.value);
  return undefined;
}
