/** A Jaeger UI key/value: tags, log fields and process tags. */
export interface JaegerTag {
  key: string;
  type: 'string' | 'bool' | 'int64' | 'float64' | 'binary';
  value: unknown;
}

/** An AnyValue in OTLP/JSON form, as the store keeps it. */
export interface StoredValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number | string;
  bytesValue?: string;
  arrayValue?: { values?: StoredValue[] };
  kvlistValue?: { values?: StoredKeyValue[] };
}

export interface StoredKeyValue {
  key: string;
  value?: StoredValue;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** The plain value pcommon's AsRaw gives, for AsString's JSON of maps and slices. */
function rawValue(value: StoredValue | undefined): unknown {
  if (!value) return null;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return Number(value.doubleValue);
  if (value.bytesValue !== undefined) return value.bytesValue;
  if (value.arrayValue) return (value.arrayValue.values ?? []).map(rawValue);
  if (value.kvlistValue) {
    // Go's encoding/json writes map keys sorted.
    const entries = (value.kvlistValue.values ?? [])
      .map((kv) => [kv.key, rawValue(kv.value)] as const)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries);
  }
  return null;
}

/**
 * One attribute as Jaeger's OTLP translator makes it a tag, and its UI converter writes it:
 * int64 beyond JavaScript's safe range as a string, bytes as base64, maps and lists as JSON text.
 */
export function tagOf(key: string, value: StoredValue | undefined): JaegerTag {
  if (value?.stringValue !== undefined) return { key, type: 'string', value: value.stringValue };
  if (value?.boolValue !== undefined) return { key, type: 'bool', value: value.boolValue };
  if (value?.intValue !== undefined) {
    const int = BigInt(value.intValue);
    const safe = int <= MAX_SAFE && int >= -MAX_SAFE;
    return { key, type: 'int64', value: safe ? Number(int) : int.toString() };
  }
  if (value?.doubleValue !== undefined) {
    return { key, type: 'float64', value: Number(value.doubleValue) };
  }
  if (value?.bytesValue !== undefined) return { key, type: 'binary', value: value.bytesValue };
  if (value?.arrayValue || value?.kvlistValue) {
    return { key, type: 'string', value: JSON.stringify(rawValue(value)) };
  }
  return { key, type: 'string', value: '' };
}

export function tagsOf(list: StoredKeyValue[] | undefined): JaegerTag[] {
  return (list ?? []).map((kv) => tagOf(kv.key, kv.value));
}

export const stringTag = (key: string, value: string): JaegerTag => ({
  key,
  type: 'string',
  value,
});
