// The subset of Go's text/template that line_format and label_format take: text, actions with
// pipelines (`{{ .a | ToUpper }}`), function calls with literals and parenthesised pipelines, field
// chains (`.a.b`, `$v.b`), variables (`$x := ...`, `$x = ...`), `{{- -}}` trimming, and if, range and
// with with their else branches. define, template, block, break and continue are refused.
import { LiteralError, unquoteString } from '@otel-lab/promql';

export type Operand =
  /** `.a.b`: fields of dot. */
  | { readonly kind: 'field'; readonly path: readonly string[] }
  /** `$x.a`: a variable and fields of it; `$` is the data the template started with. */
  | { readonly kind: 'variable'; readonly name: string; readonly path: readonly string[] }
  | { readonly kind: 'dot' }
  | { readonly kind: 'literal'; readonly value: string | number | bigint | boolean | null }
  | { readonly kind: 'call'; readonly name: string }
  | { readonly kind: 'pipe'; readonly pipe: Pipeline };

/** A command: its operands (a function name first when called with arguments). */
export type Command = readonly Operand[];
export type Pipeline = readonly Command[];

export type TemplateNode =
  | { readonly kind: 'text'; readonly text: string }
  /** Prints the pipeline's value, or with `declare` sets variables and prints nothing. */
  | { readonly kind: 'action'; readonly pipe: Pipeline; readonly declare?: Declaration }
  | {
      readonly kind: 'if' | 'with';
      readonly cond: Pipeline;
      readonly whenTrue: readonly TemplateNode[];
      readonly whenFalse: readonly TemplateNode[];
    }
  | {
      readonly kind: 'range';
      /** `range $v := ...` or `range $i, $v := ...`. */
      readonly declare?: Declaration;
      readonly cond: Pipeline;
      readonly whenTrue: readonly TemplateNode[];
      readonly whenFalse: readonly TemplateNode[];
    };

/** `$a := ` (new variables) or `$a = ` (assignment): one or two names. */
export interface Declaration {
  readonly names: readonly string[];
  readonly assign: boolean;
}

export class TemplateError extends Error {}

/** Actions a template may hold; more would only make a hostile query slower. */
export const MAX_TEMPLATE_ACTIONS = 1000;

interface Action {
  readonly body: string;
}

type Piece = string | Action;

function split(source: string, name: string): Piece[] {
  const pieces: Piece[] = [];
  let at = 0;
  let trimNext = false;
  let actions = 0;
  while (at <= source.length) {
    const open = source.indexOf('{{', at);
    let text = source.slice(at, open < 0 ? source.length : open);
    if (trimNext) text = trimSpaces(text, true, false);
    if (open < 0) {
      if (text !== '') pieces.push(text);
      break;
    }
    let bodyStart = open + 2;
    if (
      source.startsWith('- ', bodyStart) ||
      source.startsWith('-\t', bodyStart) ||
      source.startsWith('-\n', bodyStart)
    ) {
      text = trimSpaces(text, false, true);
      bodyStart++;
    }
    if (text !== '') pieces.push(text);
    const close = findClose(source, bodyStart, name);
    let bodyEnd = close;
    trimNext = false;
    if (/\s-$/.test(source.slice(bodyStart, close))) {
      bodyEnd = close - 1;
      trimNext = true;
    }
    if (++actions > MAX_TEMPLATE_ACTIONS) {
      throw new TemplateError(`template: ${name}: more than ${MAX_TEMPLATE_ACTIONS} actions`);
    }
    pieces.push({ body: source.slice(bodyStart, bodyEnd).trim() });
    at = close + 2;
  }
  return pieces;
}

/** Go's trim markers remove spaces, tabs, carriage returns and newlines. */
function trimSpaces(text: string, start: boolean, end: boolean): string {
  let a = 0;
  let b = text.length;
  while (start && a < b && ' \t\r\n'.includes(text[a] as string)) a++;
  while (end && b > a && ' \t\r\n'.includes(text[b - 1] as string)) b--;
  return text.slice(a, b);
}

/** The `}}` that ends an action, skipping quoted strings. */
function findClose(source: string, from: number, name: string): number {
  for (let i = from; i < source.length; i++) {
    const c = source[i];
    if (c === '"' || c === '`') {
      const end = c === '`' ? source.indexOf('`', i + 1) : quotedEnd(source, i);
      if (end < 0) break;
      i = end;
    } else if (c === '}' && source[i + 1] === '}') return i;
  }
  throw new TemplateError(`template: ${name}:1: unclosed action`);
}

function quotedEnd(source: string, start: number): number {
  for (let i = start + 1; i < source.length; i++) {
    if (source[i] === '\\') i++;
    else if (source[i] === '"') return i;
    else if (source[i] === '\n') return -1;
  }
  return -1;
}

export function parseTemplate(source: string, name: string): TemplateNode[] {
  const pieces = split(source, name);
  let i = 0;
  const fail = (message: string): never => {
    throw new TemplateError(`template: ${name}:1: ${message}`);
  };
  const list = (stopAt: readonly string[]): { nodes: TemplateNode[]; stop: string } => {
    const nodes: TemplateNode[] = [];
    while (i < pieces.length) {
      const piece = pieces[i++] as Piece;
      if (typeof piece === 'string') {
        nodes.push({ kind: 'text', text: piece });
        continue;
      }
      const word = /^[A-Za-z]+/.exec(piece.body)?.[0] ?? '';
      if (word === 'end' || word === 'else') {
        if (!stopAt.includes(word)) fail(`unexpected {{${word}}}`);
        return { nodes, stop: piece.body };
      }
      if (word === 'if' || word === 'with' || word === 'range') {
        nodes.push(branch(word, piece.body.slice(word.length)));
        continue;
      }
      if (['define', 'template', 'block', 'break', 'continue'].includes(word)) {
        fail(`{{${word}}} is not supported in LogQL templates here`);
      }
      if (piece.body.startsWith('/*')) continue;
      const { declare, rest } = declaration(piece.body, fail);
      nodes.push({
        kind: 'action',
        pipe: parsePipeline(rest, fail),
        ...(declare ? { declare } : {}),
      });
    }
    if (stopAt.length > 0) fail('unexpected EOF');
    return { nodes, stop: '' };
  };
  const branch = (kind: 'if' | 'with' | 'range', header: string): TemplateNode => {
    const { declare, rest: condition } =
      kind === 'range' ? declaration(header.trim(), fail) : { declare: undefined, rest: header };
    const cond = parsePipeline(condition, fail);
    const then = list(['else', 'end']);
    const node = (whenFalse: readonly TemplateNode[]): TemplateNode =>
      kind === 'range'
        ? { kind, cond, whenTrue: then.nodes, whenFalse, ...(declare ? { declare } : {}) }
        : { kind, cond, whenTrue: then.nodes, whenFalse };
    if (then.stop === 'end') return node([]);
    const rest = then.stop.slice(4).trim();
    for (const chained of ['if', 'with'] as const) {
      if (rest.startsWith(`${chained} `))
        return node([branch(chained, rest.slice(chained.length))]);
    }
    return node(list(['end']).nodes);
  };
  return list([]).nodes;
}

/** A leading `$a :=`, `$a, $b :=` or `$a =`. */
function declaration(
  body: string,
  fail: (m: string) => never,
): { declare?: Declaration; rest: string } {
  const m = /^(\$[A-Za-z0-9_]*)\s*(?:,\s*(\$[A-Za-z0-9_]*)\s*)?(:=|=(?!=))\s*/.exec(body);
  if (!m) return { rest: body };
  const names = [m[1] as string, ...(m[2] ? [m[2]] : [])];
  if (names.includes('$')) fail('unexpected "$" in declaration');
  return { declare: { names, assign: m[3] === '=' }, rest: body.slice(m[0].length) };
}

const tokenPattern =
  /\s*(?:("(?:[^"\\]|\\.)*")|(`[^`]*`)|(\$[A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*|(?:\.[A-Za-z_][A-Za-z0-9_]*)+)|(\.)|([-+]?(?:0x[0-9a-fA-F]+|\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+))|([A-Za-z_][A-Za-z0-9_]*)|(\||\(|\))|('(?:[^'\\]|\\.)+')|(\S))/y;

function parsePipeline(text: string, fail: (m: string) => never): Pipeline {
  const tokens: string[] = [];
  tokenPattern.lastIndex = 0;
  for (;;) {
    const start = tokenPattern.lastIndex;
    if (text.slice(start).trim() === '') break;
    const m = tokenPattern.exec(text);
    if (!m) fail(`unexpected ${JSON.stringify(text.slice(start))}`);
    const [, ...groups] = m as RegExpExecArray;
    if (groups[8] !== undefined) fail(`unexpected ${JSON.stringify(groups[8])} in command`);
    tokens.push((m as RegExpExecArray)[0].trim());
  }
  let at = 0;
  const pipeline = (): Pipeline => {
    const commands: Command[] = [];
    let command: Operand[] = [];
    while (at < tokens.length && tokens[at] !== ')') {
      const t = tokens[at++] as string;
      if (t === '|') {
        if (command.length === 0) fail('missing value for command');
        commands.push(command);
        command = [];
      } else if (t === '(') {
        command.push({ kind: 'pipe', pipe: pipeline() });
        if (tokens[at++] !== ')') fail('unclosed left paren');
      } else command.push(operand(t, fail));
    }
    if (command.length === 0) fail('missing value for command');
    commands.push(command);
    return commands;
  };
  const result = pipeline();
  if (at < tokens.length) fail(`unexpected ${tokens[at]} in operand`);
  return result;
}

function operand(token: string, fail: (m: string) => never): Operand {
  if (token === '.') return { kind: 'dot' };
  if (token.startsWith('.')) return { kind: 'field', path: token.slice(1).split('.') };
  if (token.startsWith('$')) {
    const [name, ...path] = token.split('.');
    return { kind: 'variable', name: name as string, path };
  }
  if (token.startsWith('"') || token.startsWith('`')) {
    try {
      return { kind: 'literal', value: unquoteString(token) };
    } catch (error) {
      if (error instanceof LiteralError) fail(`malformed string ${token}`);
      throw error;
    }
  }
  if (token.startsWith("'")) {
    const ch = unquoteString(`"${token.slice(1, -1).replaceAll('"', '\\"')}"`);
    return { kind: 'literal', value: BigInt(ch.codePointAt(0) ?? 0) };
  }
  if (token === 'true' || token === 'false') return { kind: 'literal', value: token === 'true' };
  if (token === 'nil') return { kind: 'literal', value: null };
  if (/^[-+]?(0x[0-9a-fA-F]+|\d+)$/.test(token)) {
    const magnitude = BigInt(token.replace(/^[-+]/, ''));
    return { kind: 'literal', value: token.startsWith('-') ? -magnitude : magnitude };
  }
  if (/^[-+]?[\d.]/.test(token)) return { kind: 'literal', value: Number(token) };
  return { kind: 'call', name: token };
}
