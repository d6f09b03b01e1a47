/**
 * Series selectors for match[] (`name`, `name{…}`, `{…}`): matchers with =, !=, =~, !~ and values
 * quoted as PromQL quotes strings ("…" and '…' with Go escapes, `…` raw). Errors name the
 * position, as PromQL's do. Regexes compile through the PromQL engine's one regex module, as the
 * engine's selectors do. It is a parser of its own because Prometheus reads match[] with
 * ParseMetricSelector, not ParseExpr: the grammar stops after the selector (so `up{__name__="x"}`
 * is accepted, and `up[5m]` or `sum(up)` fail at the token after it), and the words of its errors
 * differ from those the engine's expression parser gives for the same text.
 */
import type { LabelMatcher, MatchType } from './label-matcher.js';
import { anchoredRegex, type MatcherError } from './label-matcher.js';

export class SelectorError extends Error {
  override name = 'SelectorError';
}

const METRIC_NAME = /[a-zA-Z_:][a-zA-Z0-9_:]*/y;
const LABEL_NAME = /[a-zA-Z_][a-zA-Z0-9_]*/y;
const SPACE = /\s*/y;
const OPERATOR = /(=~|!~|!=|=)/y;

const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
};

class Scanner {
  at = 0;
  constructor(readonly text: string) {}

  fail(message: string): never {
    throw new SelectorError(`1:${this.at + 1}: parse error: ${message}`);
  }

  skipSpace(): void {
    SPACE.lastIndex = this.at;
    SPACE.exec(this.text);
    this.at = SPACE.lastIndex;
  }

  take(pattern: RegExp): string | undefined {
    pattern.lastIndex = this.at;
    const match = pattern.exec(this.text);
    if (!match) return undefined;
    this.at = pattern.lastIndex;
    return match[0];
  }

  peek(): string {
    return this.text[this.at] ?? '';
  }

  /** The next character as PromQL's errors name it. */
  describe(): string {
    return this.at >= this.text.length ? 'end of input' : JSON.stringify(this.peek());
  }

  /** A quoted string, unescaped as Go's strconv.Unquote does. */
  string(): string {
    const quote = this.peek();
    if (quote !== '"' && quote !== "'" && quote !== '`') {
      this.fail(`unexpected ${this.describe()} in label matching, expected string`);
    }
    const start = this.at;
    this.at++;
    let out = '';
    for (;;) {
      const c = this.text[this.at];
      if (c === undefined || (c === '\n' && quote !== '`')) {
        this.at = start;
        this.fail('unterminated quoted string');
      }
      this.at++;
      if (c === quote) return out;
      if (c !== '\\' || quote === '`') {
        out += c;
        continue;
      }
      out += this.escape(quote, start);
    }
  }

  private escape(quote: string, start: number): string {
    const c = this.text[this.at++] ?? '';
    if (c in SIMPLE_ESCAPES && (c !== "'" || quote === "'") && (c !== '"' || quote === '"')) {
      return SIMPLE_ESCAPES[c] as string;
    }
    const hex = { x: 2, u: 4, U: 8 }[c];
    const digits = hex
      ? this.text.slice(this.at, this.at + hex)
      : this.text.slice(this.at - 1, this.at + 2);
    const pattern = hex ? new RegExp(`^[0-9a-fA-F]{${hex}}$`) : /^[0-7]{3}$/;
    if (!pattern.test(digits)) {
      this.at = start;
      this.fail(
        `unknown escape sequence U+${c.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')} '${c}'`,
      );
    }
    const code = Number.parseInt(digits, hex ? 16 : 8);
    this.at += hex ? hex : 2;
    if (c === 'x' || !hex) return String.fromCharCode(code); // a byte, as the PromQL lexer takes it
    if (code > 0x10ffff || (code >= 0xd800 && code < 0xe000))
      this.fail(`invalid escape sequence \\${c}${digits}`);
    return String.fromCodePoint(code);
  }
}

/** Matchers of one selector; throws SelectorError with the position of the problem. */
export function parseSeriesSelector(text: string): LabelMatcher[] {
  const scanner = new Scanner(text);
  const matchers: LabelMatcher[] = [];
  scanner.skipSpace();
  const name = scanner.take(METRIC_NAME);
  if (name) matchers.push({ name: '__name__', type: '=', value: name });
  scanner.skipSpace();
  if (scanner.peek() === '{') {
    scanner.at++;
    for (;;) {
      scanner.skipSpace();
      if (scanner.peek() === '}') break;
      const labelStart = scanner.at;
      const label = scanner.take(LABEL_NAME) ?? scanner.fail(insideBraces(scanner));
      scanner.skipSpace();
      const type = (scanner.take(OPERATOR) ?? scanner.fail(insideBraces(scanner))) as MatchType;
      scanner.skipSpace();
      const value = scanner.string();
      if (type === '=~' || type === '!~') {
        try {
          anchoredRegex(value);
        } catch (error) {
          scanner.at = labelStart;
          scanner.fail((error as MatcherError).message);
        }
      }
      matchers.push({ name: label, type, value });
      scanner.skipSpace();
      if (scanner.peek() === ',') scanner.at++;
      else if (scanner.peek() !== '}') scanner.fail(insideBraces(scanner));
    }
    scanner.at++;
  } else if (!name) {
    scanner.fail(`unexpected ${scanner.describe()}`);
  }
  scanner.skipSpace();
  if (scanner.at < text.length) scanner.fail(`unexpected ${JSON.stringify(scanner.peek())}`);
  if (matchers.every((m) => matchesEmpty(m))) {
    throw new SelectorError('match[] must contain at least one non-empty matcher');
  }
  return matchers;
}

/** PromQL's wording for a stray character, or the end, between the braces. */
function insideBraces(scanner: Scanner): string {
  return scanner.at >= scanner.text.length
    ? 'unexpected end of input inside braces'
    : `unexpected character inside braces: '${scanner.peek()}'`;
}

function matchesEmpty(matcher: LabelMatcher): boolean {
  switch (matcher.type) {
    case '=':
      return matcher.value === '';
    case '!=':
      return matcher.value !== '';
    case '=~':
      return anchoredRegex(matcher.value).test('');
    case '!~':
      return !anchoredRegex(matcher.value).test('');
  }
}
