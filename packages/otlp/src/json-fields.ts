import {
  type AnyValue,
  type KeyValue,
  OtlpDecodeError,
  type ResourceData,
  type ScopeData,
} from './model.js';

/**
 * OTLP/JSON per the specification's JSON mapping: lowerCamelCase keys, ids as hex strings,
 * 64-bit integers as strings or numbers, enums as integers, bytes as base64, unknown fields
 * ignored. Every type error names the path of the offending field.
 */

export type Json = Record<string, unknown>;

export function fail(path: string, what: string): never {
  throw new OtlpDecodeError(`${path}: ${what}`);
}

export function object(value: unknown, path: string): Json {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) fail(path, 'must be an object');
  return value as Json;
}

export function array(value: unknown, path: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) fail(path, 'must be an array');
  return value;
}

export function string(value: unknown, path: string): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') fail(path, 'must be a string');
  return value;
}

export function integer(value: unknown, path: string, signed: boolean): bigint {
  if (value === undefined || value === null) return 0n;
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) {
    const parsed = BigInt(value.trim());
    const min = signed ? -(2n ** 63n) : 0n;
    const max = signed ? 2n ** 63n - 1n : 2n ** 64n - 1n;
    if (parsed >= min && parsed <= max) return parsed;
    fail(path, `${value} is out of range for a 64-bit integer`);
  }
  return fail(path, 'must be an integer (a number or a decimal string)');
}

export function small(value: unknown, path: string): number {
  const parsed = integer(value, path, true);
  if (parsed < -(2n ** 31n) || parsed > 2n ** 32n - 1n) fail(path, 'is out of range');
  return Number(parsed);
}

export function double(value: unknown, path: string): number {
  if (typeof value === 'number') return value;
  if (value === 'NaN') return Number.NaN;
  if (value === 'Infinity') return Number.POSITIVE_INFINITY;
  if (value === '-Infinity') return Number.NEGATIVE_INFINITY;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
    return Number(value);
  }
  return fail(path, 'must be a number');
}

/** Ids are hex in OTLP/JSON (not base64 as in plain protobuf JSON); case is normalised. */
export function id(value: unknown, path: string): string {
  const text = string(value, path).toLowerCase();
  if (!/^[0-9a-f]*$/.test(text)) fail(path, 'must be a hex string');
  return text;
}

export function bytes(value: unknown, path: string): Uint8Array {
  const text = string(value, path);
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(text)) fail(path, 'must be base64');
  return new Uint8Array(Buffer.from(text, 'base64'));
}

export function anyValue(raw: unknown, path: string): AnyValue {
  const value = object(raw, path);
  if ('stringValue' in value)
    return { type: 'string', value: string(value.stringValue, `${path}.stringValue`) };
  if ('boolValue' in value) {
    if (typeof value.boolValue !== 'boolean') fail(`${path}.boolValue`, 'must be a boolean');
    return { type: 'bool', value: value.boolValue };
  }
  if ('intValue' in value)
    return { type: 'int', value: integer(value.intValue, `${path}.intValue`, true) };
  if ('doubleValue' in value)
    return { type: 'double', value: double(value.doubleValue, `${path}.doubleValue`) };
  if ('bytesValue' in value)
    return { type: 'bytes', value: bytes(value.bytesValue, `${path}.bytesValue`) };
  if ('arrayValue' in value) {
    const values = array(
      object(value.arrayValue, `${path}.arrayValue`).values,
      `${path}.arrayValue.values`,
    );
    return {
      type: 'array',
      value: values.map((item, i) => anyValue(item, `${path}.arrayValue.values[${i}]`)),
    };
  }
  if ('kvlistValue' in value) {
    const list = object(value.kvlistValue, `${path}.kvlistValue`).values;
    return { type: 'kvlist', value: keyValues(list, `${path}.kvlistValue.values`) };
  }
  return { type: 'empty' };
}

export function keyValues(raw: unknown, path: string): KeyValue[] {
  return array(raw, path).map((item, i) => {
    const kv = object(item, `${path}[${i}]`);
    return {
      key: string(kv.key, `${path}[${i}].key`),
      value: anyValue(kv.value, `${path}[${i}].value`),
    };
  });
}

export function resourceOf(raw: unknown, schemaUrl: unknown, path: string): ResourceData {
  const resource = object(raw, path);
  return {
    attributes: keyValues(resource.attributes, `${path}.attributes`),
    droppedAttributesCount: small(
      resource.droppedAttributesCount,
      `${path}.droppedAttributesCount`,
    ),
    schemaUrl: string(schemaUrl, `${path}.schemaUrl`),
  };
}

export function scopeOf(raw: unknown, schemaUrl: unknown, path: string): ScopeData {
  const scope = object(raw, path);
  return {
    name: string(scope.name, `${path}.name`),
    version: string(scope.version, `${path}.version`),
    ...resourceOf(scope, schemaUrl, path),
  };
}

export function parse(text: string | Uint8Array): Json {
  let value: unknown;
  try {
    value = JSON.parse(typeof text === 'string' ? text : Buffer.from(text).toString('utf8'));
  } catch (error) {
    throw new OtlpDecodeError(`invalid JSON: ${(error as Error).message}`);
  }
  return object(value, '$');
}

/** Nesting deep enough to exhaust the stack is bad input too, not a crash. */
export function guarded<T>(decode: () => T): T {
  try {
    return decode();
  } catch (error) {
    if (error instanceof RangeError)
      throw new OtlpDecodeError(`input nested too deeply: ${error.message}`);
    throw error;
  }
}
