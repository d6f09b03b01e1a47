/**
 * What the LogQL editor can complete at the cursor, read from the text before it (a scan that
 * tracks strings and `{…}`, so a half-typed query still completes, where a parse tree would be
 * broken):
 * - label names right after `{` or `,` inside a selector, after `by (` or `without (`, and as a
 *   label filter after `|`, with the pipeline's keywords (json, logfmt, line_format …);
 * - a label's values after `name=`, `name!=`, `name=~`, `name!~` in a selector, inside the
 *   value's quotes or before them;
 * - functions (count_over_time, rate, sum …) where an expression starts.
 * `from` is where the completed word starts; `quoted` says the value's quote is already open.
 */
export type LogqlCompletion =
  | { kind: 'label-name'; from: number }
  | { kind: 'label-value'; label: string; from: number; quoted: boolean }
  | { kind: 'pipeline'; from: number }
  | { kind: 'grouping'; from: number }
  | { kind: 'function'; from: number };

interface Scan {
  /** Inside a selector's braces. */
  inSelector: boolean;
  /** Where the open string's text starts (after its quote), or -1. */
  stringFrom: number;
}

function scan(text: string): Scan {
  let braces = 0;
  let quote = '';
  let stringFrom = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === '`') {
      quote = c;
      stringFrom = i + 1;
    } else if (c === '#') {
      const newline = text.indexOf('\n', i);
      if (newline < 0) return { inSelector: false, stringFrom: -2 }; // in a comment
      i = newline;
    } else if (c === '{') braces++;
    else if (c === '}') braces = Math.max(0, braces - 1);
  }
  return { inSelector: braces > 0, stringFrom: quote ? stringFrom : -1 };
}

const MATCHER_BEFORE = /([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*$/;
const GROUPING_BEFORE = /\b(by|without)\s*\(\s*(?:[A-Za-z_][A-Za-z0-9_]*\s*,\s*)*$/;
const EXPRESSION_START = /(^|[(,+\-*/%^]|\b(?:and|or|unless|bool)|[=!<>]=|[<>])$/;

export function logqlCompletion(text: string, pos: number): LogqlCompletion | null {
  const before = text.slice(0, pos);
  const { inSelector, stringFrom } = scan(before);
  if (stringFrom === -2) return null;
  if (stringFrom >= 0) {
    const matcher = inSelector && MATCHER_BEFORE.exec(before.slice(0, stringFrom - 1));
    return matcher
      ? { kind: 'label-value', label: matcher[1] as string, from: stringFrom, quoted: true }
      : null;
  }
  const word = /[A-Za-z_][A-Za-z0-9_]*$/.exec(before)?.[0] ?? '';
  const from = pos - word.length;
  const rest = before.slice(0, from).trimEnd();
  if (inSelector) {
    if (rest.endsWith('{') || rest.endsWith(',')) return { kind: 'label-name', from };
    const matcher = MATCHER_BEFORE.exec(rest);
    if (matcher) {
      return { kind: 'label-value', label: matcher[1] as string, from, quoted: false };
    }
    return null;
  }
  if (/(^|[^|])\|$/.test(rest)) return { kind: 'pipeline', from };
  if (GROUPING_BEFORE.test(rest)) return { kind: 'grouping', from };
  // `|= "a" or "b"`: a line filter's `or` takes a string, not an expression.
  if (EXPRESSION_START.test(rest) && !/["`]\s*or$/.test(rest)) return { kind: 'function', from };
  return null;
}
