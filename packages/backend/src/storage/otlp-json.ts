import type { AnyValue, KeyValue, ResourceData, ScopeData } from '@otel-lab/otlp';

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

/** A value's string, or undefined when it is not a string. */
export const stringValueOf = (value: AnyValue | undefined) =>
  value?.type === 'string' ? value.value : undefined;

/** A value's integer (an int, or a string of digits), or undefined. */
export function intValueOf(value: AnyValue | undefined): number | undefined {
  if (value?.type === 'int') return Number(value.value);
  if (value?.type === 'string' && /^\d+$/.test(value.value)) return Number(value.value);
  return undefined;
}

/** The string value of attribute `key`, or undefined when absent or not a string. */
export const stringAttribute = (list: KeyValue[], key: string) =>
  stringValueOf(list.find((kv) => kv.key === key)?.value);

/** The integer value of attribute `key` (ints, or strings of digits), or undefined. */
export const intAttribute = (list: KeyValue[], key: string) =>
  intValueOf(list.find((kv) => kv.key === key)?.value);

const quote = JSON.stringify;

/**
 * The text of `JSON.stringify(anyValueJson(value))`, built directly: ingest writes one per
 * attribute, and skipping the intermediate objects halves the cost (and the garbage).
 */
export function anyValueText(value: AnyValue): string {
  switch (value.type) {
    case 'string':
      return `{"stringValue":${quote(value.value)}}`;
    case 'bool':
      return value.value ? '{"boolValue":true}' : '{"boolValue":false}';
    case 'int':
      return `{"intValue":"${value.value}"}`;
    case 'double':
      return Number.isFinite(value.value)
        ? `{"doubleValue":${quote(value.value)}}`
        : `{"doubleValue":"${value.value}"}`;
    case 'bytes':
      return `{"bytesValue":"${Buffer.from(value.value).toString('base64')}"}`;
    case 'array': {
      let text = '{"arrayValue":{"values":[';
      for (let i = 0; i < value.value.length; i++) {
        if (i > 0) text += ',';
        text += anyValueText(value.value[i] as AnyValue);
      }
      return `${text}]}}`;
    }
    case 'kvlist':
      return `{"kvlistValue":{"values":${keyValuesText(value.value)}}}`;
    case 'empty':
      return '{}';
  }
}

/** The text of `JSON.stringify(keyValuesJson(list))`. */
export function keyValuesText(list: KeyValue[]): string {
  let text = '[';
  for (let i = 0; i < list.length; i++) {
    const kv = list[i] as KeyValue;
    if (i > 0) text += ',';
    text += `{"key":${quote(kv.key)},"value":${anyValueText(kv.value)}}`;
  }
  return `${text}]`;
}

/** A resource as stored: the text of its OTLP/JSON object. */
export const resourceText = (resource: ResourceData) =>
  `{"attributes":${keyValuesText(resource.attributes)},"droppedAttributesCount":${resource.droppedAttributesCount},"schemaUrl":${quote(resource.schemaUrl)}}`;

/** An instrumentation scope as stored: the text of its OTLP/JSON object. */
export const scopeText = (scope: ScopeData) =>
  `{"name":${quote(scope.name)},"version":${quote(scope.version)},"attributes":${keyValuesText(scope.attributes)},"droppedAttributesCount":${scope.droppedAttributesCount},"schemaUrl":${quote(scope.schemaUrl)}}`;
