/** Display text for durations and times; every input is a number, never telemetry markup. */

/** Microseconds as Jaeger UI shows them: µs below 1 ms, ms below 1 s, then s. */
export function formatDuration(us: number): string {
  if (!Number.isFinite(us)) return '–';
  if (us < 1000) return `${Math.round(us)}µs`;
  if (us < 1_000_000) return `${trim(us / 1000)}ms`;
  return `${trim(us / 1_000_000)}s`;
}

function trim(value: number): string {
  return String(Number(value.toFixed(value < 10 ? 2 : value < 100 ? 1 : 0)));
}

/** Local wall-clock time of a µs timestamp, with milliseconds. */
export function formatTime(us: number): string {
  const date = new Date(us / 1000);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(
    date.getHours(),
  )}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

/** A tag or attribute value as text: strings as they are, anything else as JSON. */
export function valueText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** An OTLP/JSON AnyValue ({stringValue: …}, {intValue: …}, …) as text. */
export function anyValueText(value: unknown): string {
  if (value === null || typeof value !== 'object') return valueText(value ?? '');
  const v = value as Record<string, unknown>;
  if ('stringValue' in v) return String(v.stringValue);
  for (const key of ['intValue', 'doubleValue', 'boolValue', 'bytesValue']) {
    if (key in v) return String(v[key]);
  }
  if ('arrayValue' in v) {
    const values = (v.arrayValue as { values?: unknown[] }).values ?? [];
    return `[${values.map(anyValueText).join(', ')}]`;
  }
  if ('kvlistValue' in v) {
    const values = (v.kvlistValue as { values?: { key: string; value: unknown }[] }).values ?? [];
    return `{${values.map((kv) => `${kv.key}=${anyValueText(kv.value)}`).join(', ')}}`;
  }
  return JSON.stringify(value);
}
