/**
 * An OTLP attribute value as a label value, the way the Collector's pcommon Value.AsString
 * renders it (Prometheus's OTLP receiver uses that): doubles in ECMAScript number form (which is
 * JS's own String(x)), bytes as base64, arrays and maps as JSON, empty as "".
 */
import type { AnyValue } from '@otel-lab/otlp';

export function attributeValueText(value: AnyValue): string {
  switch (value.type) {
    case 'string':
      return value.value;
    case 'bool':
      return value.value ? 'true' : 'false';
    case 'int':
      return value.value.toString();
    case 'double':
      return doubleText(value.value);
    case 'bytes':
      return Buffer.from(value.value).toString('base64');
    case 'empty':
      return '';
    default:
      return JSON.stringify(rawOf(value));
  }
}

function doubleText(x: number): string {
  if (Number.isFinite(x)) return String(x);
  // pcommon marks these as JSON errors; the text is what it produces.
  return `json: unsupported value: ${Number.isNaN(x) ? 'NaN' : x > 0 ? '+Inf' : '-Inf'}`;
}

/** The plain value JSON.stringify renders as pcommon's AsRaw would marshal it. */
function rawOf(value: AnyValue): unknown {
  switch (value.type) {
    case 'int':
      return Number(value.value);
    case 'bytes':
      return Buffer.from(value.value).toString('base64');
    case 'empty':
      return null;
    case 'array':
      return value.value.map(rawOf);
    case 'kvlist':
      return Object.fromEntries(value.value.map((kv) => [kv.key, rawOf(kv.value)]));
    default:
      return value.value;
  }
}
