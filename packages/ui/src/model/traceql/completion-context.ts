/**
 * What the TraceQL editor can complete at the cursor, read from the text before it (a scan that
 * tracks strings, comments and `{…}`, so a half-typed query still completes, where a parse tree
 * would be broken):
 * - an attribute or intrinsic where a condition starts inside a span set filter (after `{`,
 *   `&&`, `||`, `(`, `!`), with what scope its prefix already names (`span.`, `resource.`,
 *   `.`, or none yet);
 * - an attribute's values after `field =`, `!=`, `=~`, `!~` (and `<`, `>` … for numbers),
 *   inside a value's quotes or before them;
 * - the pipeline's operations after `|`.
 * `from` is where the completed text starts; `quoted` says a value's quote is already open.
 * A value also carries `narrow`: the filter's conditions before the one being written, joined by
 * `&&` (`{ resource.service.name = "demo-app" }`), which the tag values endpoint's `q` narrows
 * the values by, as Grafana asks it; absent when there are none or an `||` joins them.
 */
export type TraceqlCompletion =
  | { kind: 'attribute'; scope: AttributeScope; from: number }
  | { kind: 'value'; field: string; from: number; quoted: boolean; narrow?: string }
  | { kind: 'pipeline'; from: number };

/** `span.` and `resource.` name their scope; `.` is either; `any` is a word with no dot yet. */
export type AttributeScope = 'span' | 'resource' | 'unscoped' | 'any';

interface Scan {
  inFilter: boolean;
  /** Where the innermost open `{` is, or -1. */
  braceAt: number;
  /** Where the open string's text starts (after its quote), -1 outside strings, -2 in a comment. */
  stringFrom: number;
}

function scan(text: string): Scan {
  const braces: number[] = [];
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
    } else if (c === '/' && text[i + 1] === '/') {
      const newline = text.indexOf('\n', i);
      if (newline < 0) return { inFilter: false, braceAt: -1, stringFrom: -2 };
      i = newline;
    } else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      if (close < 0) return { inFilter: false, braceAt: -1, stringFrom: -2 };
      i = close + 1;
    } else if (c === '{') braces.push(i);
    else if (c === '}') braces.pop();
  }
  const braceAt = braces.at(-1) ?? -1;
  return { inFilter: braceAt >= 0, braceAt, stringFrom: quote ? stringFrom : -1 };
}

/** A field as typed: scoped (`span.a.b`, `resource."x y"`, `.a`) or an intrinsic (`span:id`). */
const FIELD = String.raw`((?:[A-Za-z_][\w:]*)?\.(?:"(?:[^"\\]|\\.)*"|[\w.\-/:])+|[A-Za-z_][\w:]*)`;
const COMPARISON_BEFORE = new RegExp(`${FIELD}\\s*(=~|!~|!=|>=|<=|=|>|<)\\s*$`);
const CONDITION_START = /(^|[{(!]|&&|\|\|)$/;
/** A field or a bare value being typed. */
const WORD = /[\w.\-/:]*$/;

function scopeOf(word: string): AttributeScope {
  if (word.startsWith('span.')) return 'span';
  if (word.startsWith('resource.')) return 'resource';
  if (word.startsWith('.')) return 'unscoped';
  return 'any';
}

/** A field's name as the tag values endpoint takes it: quoted parts unquoted. */
const fieldName = (field: string) =>
  field.replace(/"((?:[^"\\]|\\.)*)"/g, (_, inner: string) => inner.replace(/\\(.)/g, '$1'));

/** The `&&`-joined conditions between the filter's `{` and the field being compared. */
function narrowing(before: string, braceAt: number, fieldAt: number): string | undefined {
  const conditions = before
    .slice(braceAt + 1, fieldAt)
    .trim()
    .replace(/&&$/, '')
    .trim();
  if (conditions === '' || conditions.includes('||')) return undefined;
  return `{ ${conditions} }`;
}

/** A value completion for the comparison `match` found in `before`. */
function value(
  match: RegExpExecArray,
  before: string,
  braceAt: number,
  from: number,
  quoted: boolean,
): TraceqlCompletion {
  const field = fieldName(match[1] as string);
  const narrow = narrowing(before, braceAt, match.index);
  return narrow === undefined
    ? { kind: 'value', field, from, quoted }
    : { kind: 'value', field, from, quoted, narrow };
}

export function traceqlCompletion(text: string, pos: number): TraceqlCompletion | null {
  const before = text.slice(0, pos);
  const { inFilter, braceAt, stringFrom } = scan(before);
  if (stringFrom === -2) return null;
  if (stringFrom >= 0) {
    const comparison = inFilter && COMPARISON_BEFORE.exec(before.slice(0, stringFrom - 1));
    return comparison ? value(comparison, before, braceAt, stringFrom, true) : null;
  }
  const word = WORD.exec(before)?.[0] ?? '';
  const from = pos - word.length;
  const rest = before.slice(0, from).trimEnd();
  if (inFilter) {
    if (CONDITION_START.test(rest)) return { kind: 'attribute', scope: scopeOf(word), from };
    const comparison = COMPARISON_BEFORE.exec(rest);
    return comparison ? value(comparison, before, braceAt, from, false) : null;
  }
  if (/(^|[^|])\|$/.test(rest)) return { kind: 'pipeline', from };
  return null;
}
