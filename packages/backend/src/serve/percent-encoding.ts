/**
 * Whether a query string or form body is malformed: a `%` not followed by two hex digits, or
 * escapes that do not spell UTF-8. URLSearchParams would keep such text as written, so a check
 * of its own makes every API answer it with a 400 (issue 12: malformed percent-encoding
 * anywhere is a 400 in the API's shape).
 */
export function hasMalformedEscape(text: string): boolean {
  if (!text.includes('%')) return false;
  try {
    decodeURIComponent(text);
    return false;
  } catch {
    return true;
  }
}
