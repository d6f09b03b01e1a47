/**
 * A TraceQL string literal for any text. Double quotes escape only `"` and `\`, the escapes that
 * Tempo's lexer and this backend's parser read alike. Text with a line break or another control
 * character goes between backticks, which both read raw (Tempo rejects a line break inside double
 * quotes); if it holds a backtick as well, double quotes with the characters raw, as this
 * backend reads them.
 */
export function traceqlString(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are the point
  if (/[\u0000-\u001f\u007f]/.test(value) && !value.includes('`')) return `\`${value}\``;
  return `"${value.replace(/[\\"]/g, '\\$&')}"`;
}

/** An identifier the grammar reads unquoted after `span.` / `resource.` / `.`. */
const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_.\-/:]*$/;

/**
 * An attribute as a TraceQL field: `span.http.route`, or with the name quoted where it holds
 * characters an identifier cannot (`span."http status"`), as the grammar allows.
 */
export function traceqlField(scope: 'span' | 'resource' | '', name: string): string {
  const plain = PLAIN_NAME.test(name) && !name.endsWith('.');
  return `${scope}.${plain ? name : `"${name.replace(/[\\"]/g, '\\$&')}"`}`;
}
