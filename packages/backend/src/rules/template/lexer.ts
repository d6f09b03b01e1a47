/**
 * Splits Go text/template source into text and action tokens the way text/template's lexer
 * does: `{{- ` and ` -}}` trim the neighbouring white space, `{{/* … *\/}}` is a comment.
 */

export type TokenType =
  | 'text'
  | 'open'
  | 'close'
  | 'space'
  | 'ident'
  | 'keyword'
  | 'field'
  | 'variable'
  | 'dot'
  | 'string'
  | 'number'
  | 'bool'
  | 'nil'
  | 'pipe'
  | 'lparen'
  | 'rparen'
  | 'declare'
  | 'assign'
  | 'char'
  /** A lexing error, reported when the parser reaches it (as Go's lexer does). */
  | 'error'
  | 'eof';

export interface Token {
  type: TokenType;
  value: string;
  /** Offset in the source. */
  pos: number;
  line: number;
}

const KEYWORDS = new Set([
  'if',
  'else',
  'end',
  'with',
  'range',
  'define',
  'template',
  'block',
  'break',
  'continue',
]);

/** A lexing error, reported with the line it happened on. */
export class TemplateSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly detail: string,
  ) {
    super(detail);
  }
}

const SPACE = /[ \t\r\n]/;
const isSpace = (c: string | undefined) => c !== undefined && SPACE.test(c);
const lineAt = (src: string, pos: number) => src.slice(0, pos).split('\n').length;

/** Go's "%q" of a token, as its parse errors show it. */
export function describe(t: Token): string {
  if (t.type === 'eof') return 'EOF';
  if (t.type === 'close') return '"}}"';
  if (t.type === 'keyword' || t.type === 'dot' || t.type === 'nil') return `<${t.value}>`;
  return t.value.length > 10
    ? `${JSON.stringify(t.value.slice(0, 10))}...`
    : JSON.stringify(t.value);
}

export function lex(src: string): Token[] {
  const out: Token[] = [];
  const emit = (type: TokenType, start: number, end: number) =>
    out.push({ type, value: src.slice(start, end), pos: start, line: lineAt(src, start) });
  let i = 0;
  let trimNext = false;
  while (i < src.length) {
    const open = src.indexOf('{{', i);
    let textEnd = open < 0 ? src.length : open;
    const trimBefore = open >= 0 && src[open + 2] === '-' && isSpace(src[open + 3]);
    let start = i;
    if (trimNext) while (start < textEnd && isSpace(src[start])) start++;
    if (trimBefore) while (textEnd > start && isSpace(src[textEnd - 1])) textEnd--;
    if (textEnd > start) emit('text', start, textEnd);
    if (open < 0) break;
    try {
      i = lexAction(src, open, trimBefore ? open + 4 : open + 2, emit);
    } catch (e) {
      if (!(e instanceof TemplateSyntaxError)) throw e;
      out.push({ type: 'error', value: e.detail, pos: src.length, line: e.line });
      return out;
    }
    trimNext = src[i - 3] === '-' && isSpace(src[i - 4]);
  }
  out.push({ type: 'eof', value: '', pos: src.length, line: lineAt(src, src.length) });
  return out;
}

/** Lexes one action from its opening delimiter; returns the offset just past `}}`. */
function lexAction(
  src: string,
  open: number,
  from: number,
  emit: (type: TokenType, start: number, end: number) => void,
): number {
  let i = from;
  const rest = src.slice(i).replace(/^[ \t\r\n]*/, '');
  if (rest.startsWith('/*')) {
    const end = src.indexOf('*/', i);
    if (end < 0) throw new TemplateSyntaxError(lineAt(src, open), 'unclosed comment');
    const after = src.slice(end + 2).match(/^([ \t\r\n]+-)?}}/);
    if (!after)
      throw new TemplateSyntaxError(lineAt(src, open), 'comment ends before closing delimiter');
    return end + 2 + after[0].length;
  }
  emit('open', open, from);
  for (;;) {
    if (i >= src.length) throw new TemplateSyntaxError(lineAt(src, open), 'unclosed action');
    const c = src[i] as string;
    const closeTrim = src.startsWith(' -}}', i) || /^[\t\r\n]-}}/.test(src.slice(i, i + 4));
    if (closeTrim || src.startsWith('}}', i)) {
      const len = closeTrim ? 4 : 2;
      emit('close', i, i + len);
      return i + len;
    }
    const m =
      /^(?:[ \t\r\n]+|\|\||[|()]|:=|=|\$\w*|\.\w+|\.|"(?:[^"\\\n]|\\.)*"|`[^`]*`|'(?:[^'\\\n]|\\.)*'|[+-]?(?:0[xX][\da-fA-F_]+|(?:\d[\d_]*\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)|[A-Za-z_]\w*)/.exec(
        src.slice(i, i + 4096),
      );
    if (!m) {
      if (c === '"' || c === '`')
        throw new TemplateSyntaxError(lineAt(src, i), 'unterminated quoted string');
      emit('char', i, i + 1);
      i++;
      continue;
    }
    const v = m[0];
    const end = i + v.length;
    if (SPACE.test(c)) emit('space', i, end);
    else if (v === '|') emit('pipe', i, end);
    else if (v === '(') emit('lparen', i, end);
    else if (v === ')') emit('rparen', i, end);
    else if (v === ':=') emit('declare', i, end);
    else if (v === '=') emit('assign', i, end);
    else if (c === '$') emit('variable', i, end);
    else if (v === '.') emit('dot', i, end);
    else if (c === '.' && /^\.[A-Za-z_]/.test(v)) emit('field', i, end);
    else if (c === '"' || c === '`' || c === "'") emit(c === "'" ? 'number' : 'string', i, end);
    else if (/^[A-Za-z_]/.test(v)) {
      emit(
        KEYWORDS.has(v)
          ? 'keyword'
          : v === 'true' || v === 'false'
            ? 'bool'
            : v === 'nil'
              ? 'nil'
              : 'ident',
        i,
        end,
      );
    } else if (v === '||') {
      emit('char', i, i + 1);
      i++;
      continue;
    } else emit('number', i, end);
    i = end;
  }
}
