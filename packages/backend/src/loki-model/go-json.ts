/**
 * JSON text as Go's encoding/json writes it without HTML escaping, which is how Loki turns an
 * OTLP map or list into text (pcommon's Value.AsString, pdata 1.4x): object keys sorted, U+2028
 * and U+2029 escaped, numbers in ES6 form (Go formats floats "as if by ES6 number to string
 * conversion").
 */

/** A Go float64 as encoding/json (and pcommon's AsString) writes it. */
export function goFloat(value: number): string {
  // JavaScript's own conversion has the same exponent cut-offs (1e-6, 1e21) and digits; Go
  // keeps the sign of zero.
  if (Object.is(value, -0)) return '-0';
  return String(value);
}

const ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/** A string as a Go JSON string literal; lone surrogates (invalid UTF-8 in Go) become U+FFFD. */
export function goJsonString(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what JSON escapes
  const escaped = text.replace(/["\\\u2028\u2029\u0000-\u001f]|[\ud800-\udfff]/gu, (ch) => {
    const known = ESCAPES[ch];
    if (known !== undefined) return known;
    if (ch.length === 1 && ch.charCodeAt(0) >= 0xd800) return '\ufffd';
    return ch.length === 1 ? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}` : ch;
  });
  return `"${escaped}"`;
}

/** Raw values: what pcommon's AsRaw gives (maps, lists, strings, numbers, bools, null). */
export type GoRaw =
  | string
  | number
  | bigint
  | boolean
  | null
  | GoRaw[]
  | { readonly [key: string]: GoRaw };

/** Thrown for a value encoding/json refuses (a NaN or infinite float). */
export class UnsupportedJsonValue extends Error {}

export function goJson(value: GoRaw): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return goJsonString(value);
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new UnsupportedJsonValue(String(value));
      return goFloat(value);
  }
  if (Array.isArray(value)) return `[${value.map(goJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((key) => `${goJsonString(key)}:${goJson(value[key] as GoRaw)}`).join(',')}}`;
}
