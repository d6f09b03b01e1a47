/**
 * SQL fragments over the stored OTLP/JSON (see append-rows.ts), shared by queries and retention.
 *
 * ANY_VALUE_TEXT: the value of a KeyValue `kv` as text, whatever its type (pcommon's AsString for
 * scalars), for equality with a request's value.
 */
export const ANY_VALUE_TEXT = `coalesce(kv->'value'->>'stringValue', kv->'value'->>'intValue',
  kv->'value'->>'boolValue', kv->'value'->>'doubleValue', kv->'value'->>'bytesValue')`;

/**
 * OTLP SpanKind numbers by the lower-case names the Jaeger APIs use. A Map, as every table looked
 * up with request text: a plain object answers `constructor` or `__proto__` from its prototype.
 */
export const SPAN_KIND_NUMBERS: ReadonlyMap<string, number> = new Map([
  ['unspecified', 0],
  ['internal', 1],
  ['server', 2],
  ['client', 3],
  ['producer', 4],
  ['consumer', 5],
]);

/** When a log record happened: its time, or when it was observed if the time was not set. */
export const LOG_TIME = 'coalesce(nullif(time_ns, 0), observed_ns)';

/**
 * The value of span attribute `pointer` (a JSON pointer parameter) in the compact stored form
 * (compact-attributes.ts) as text, like ANY_VALUE_TEXT: NULL when absent or a list or map.
 */
export function compactAttributeText(column: string, pointer: string): string {
  return `CASE json_type(${column}, ${pointer})
    WHEN 'OBJECT' THEN coalesce(${column}->${pointer}->>'i', ${column}->${pointer}->>'d',
      ${column}->${pointer}->>'b')
    WHEN 'ARRAY' THEN NULL
    ELSE ${column}->>${pointer} END`;
}
