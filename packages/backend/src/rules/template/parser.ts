/**
 * A recursive-descent parser for the text/template subset rule files use, with Go's error
 * wording ("unexpected \"}\" in operand", "function \"query\" not defined") so a rule file's
 * author reads the message they would get from Prometheus.
 */
import type { Command, Node, Operand, Pipeline } from './ast.js';
import { BUILTINS, FUNCTIONS, REFUSED, SUPPORTED } from './functions.js';
import { describe, lex, TemplateSyntaxError, type Token, type TokenType } from './lexer.js';

/** The variables Prometheus's prelude defines before every rule template. */
export const PRELUDE_VARIABLES = ['$', '$labels', '$externalLabels', '$externalURL', '$value'];

type Stop = 'end' | 'else' | 'eof';

const OPERAND_START = new Set<TokenType>([
  'bool',
  'dot',
  'field',
  'ident',
  'nil',
  'number',
  'lparen',
  'string',
  'variable',
]);
/** Values that cannot take a piped argument, which Go refuses when it parses. */
const LITERALS = new Set<Operand['kind']>(['bool', 'dot', 'nil', 'int', 'float', 'string']);

class Parser {
  private i = 0;
  private readonly scopes: string[][] = [[...PRELUDE_VARIABLES]];

  constructor(
    private readonly src: string,
    private readonly tokens: Token[],
  ) {}

  private fail(detail: string, at = this.peek()): never {
    throw new TemplateSyntaxError(at.line, detail);
  }

  private peek(): Token {
    const t = this.tokens[this.i] as Token;
    if (t.type === 'error') throw new TemplateSyntaxError(t.line, t.value);
    return t;
  }

  private next(): Token {
    const t = this.peek();
    this.i++;
    return t;
  }

  private peekNonSpace(): Token {
    while (this.peek().type === 'space') this.i++;
    return this.peek();
  }

  private expectClose(context: string): void {
    this.peekNonSpace();
    const t = this.next();
    if (t.type !== 'close') this.fail(`unexpected ${describe(t)} in ${context}`, t);
  }

  /** Nodes up to {{end}}, {{else}} or the end of the source; the tokens after the stop's keyword are next. */
  list(top: boolean): { nodes: Node[]; stop: Stop } {
    const nodes: Node[] = [];
    for (;;) {
      const t = this.next();
      if (t.type === 'eof') {
        if (!top) this.fail('unexpected EOF', t);
        return { nodes, stop: 'eof' };
      }
      if (t.type === 'text') {
        nodes.push({ kind: 'text', text: t.value });
        continue;
      }
      const k = this.peekNonSpace();
      if (k.type === 'keyword') {
        this.i++;
        if (k.value === 'end' || k.value === 'else') {
          if (top) this.fail(`unexpected {{${k.value}}}`, k);
          if (k.value === 'end') this.expectClose('end');
          return { nodes, stop: k.value };
        }
        if (k.value === 'if' || k.value === 'with') nodes.push(this.control(k.value));
        else this.fail(`{{${k.value}}} is not supported in rule templates`, k);
        continue;
      }
      nodes.push({ kind: 'action', pipe: this.pipeline('command', 'close') });
      this.expectClose('command');
    }
  }

  /** {{if pipeline}} … [{{else [if|with] …}} …] {{end}}, with the keyword already read. */
  private control(kind: 'if' | 'with'): Node {
    this.scopes.push([]);
    const pipe = this.pipeline(kind, 'close');
    this.expectClose(kind);
    const body = this.list(false);
    this.scopes.pop();
    let otherwise: Node[] = [];
    if (body.stop === 'else') {
      const k = this.peekNonSpace();
      if (k.type === 'keyword' && (k.value === 'if' || k.value === 'with')) {
        this.i++;
        otherwise = [this.control(k.value)];
      } else {
        this.expectClose('else');
        this.scopes.push([]);
        const rest = this.list(false);
        this.scopes.pop();
        if (rest.stop !== 'end') this.fail('expected end; found {{else}}');
        otherwise = rest.nodes;
      }
    }
    return { kind, pipe, body: body.nodes, otherwise };
  }

  private pipeline(context: string, end: 'close' | 'rparen'): Pipeline {
    const pipe: Pipeline = { commands: [] };
    const start = this.i;
    const v = this.peekNonSpace();
    if (v.type === 'variable') {
      this.i++;
      const op = this.peekNonSpace();
      if (op.type === 'declare' || op.type === 'assign') {
        this.i++;
        if (op.type === 'declare') this.scopes.at(-1)?.push(v.value);
        else this.variable(v);
        pipe.declare = { name: v.value, assign: op.type === 'assign' };
      } else this.i = start;
    }
    for (;;) {
      const t = this.peekNonSpace();
      if (t.type === end) {
        if (pipe.commands.length === 0) this.fail(`missing value for ${context}`);
        break;
      }
      if (end === 'rparen' && t.type === 'close') this.fail('unclosed left paren');
      if (!OPERAND_START.has(t.type)) this.fail(`unexpected ${describe(t)} in ${context}`);
      const command = this.command();
      if (pipe.commands.length > 0 && LITERALS.has(command.args[0]?.kind ?? 'nil')) {
        this.fail(`non executable command in pipeline stage ${pipe.commands.length + 1}`);
      }
      pipe.commands.push(command);
      if (this.peek().type !== 'pipe') break;
      this.i++;
    }
    return pipe;
  }

  private command(): Command {
    const first = this.peekNonSpace();
    const args: Operand[] = [];
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand) args.push(operand);
      const t = this.peek();
      if (t.type === 'space') continue;
      if (t.type === 'close' || t.type === 'rparen' || t.type === 'pipe') break;
      this.fail(`unexpected ${describe(t)} in operand`, t);
    }
    if (args.length === 0) this.fail('empty command');
    let j = this.i - 1;
    while (this.tokens[j]?.type === 'space') j--;
    const last = this.tokens[j] as Token;
    const lineStart = this.src.lastIndexOf('\n', first.pos - 1) + 1;
    const source = this.src.slice(first.pos, last.pos + last.value.length).replace(/\s+/g, ' ');
    return { args, line: first.line, column: first.pos - lineStart, source };
  }

  private variable(t: Token): void {
    if (!this.scopes.some((s) => s.includes(t.value)))
      this.fail(`undefined variable "${t.value}"`, t);
  }

  private fields(): string[] {
    const path: string[] = [];
    while (this.peek().type === 'field') path.push(this.next().value.slice(1));
    return path;
  }

  private operand(): Operand | undefined {
    const t = this.peek();
    switch (t.type) {
      case 'dot':
        this.i++;
        return { kind: 'dot' };
      case 'field':
        return { kind: 'field', path: this.fields() };
      case 'variable':
        this.i++;
        this.variable(t);
        return { kind: 'variable', name: t.value, path: this.fields() };
      case 'string':
        this.i++;
        return { kind: 'string', value: unquote(t) };
      case 'number':
        this.i++;
        return number(t);
      case 'bool':
        this.i++;
        return { kind: 'bool', value: t.value === 'true' };
      case 'nil':
        this.i++;
        return { kind: 'nil' };
      case 'ident':
        this.i++;
        if (!(t.value in FUNCTIONS) && !BUILTINS.has(t.value)) {
          const why = REFUSED.has(t.value) ? 'not supported in rule templates' : 'not defined';
          this.fail(`function "${t.value}" ${why} (supported: ${SUPPORTED.join(', ')})`, t);
        }
        return { kind: 'function', name: t.value };
      case 'lparen': {
        this.i++;
        const pipe = this.pipeline('parenthesized pipeline', 'rparen');
        const close = this.next();
        if (close.type !== 'rparen') this.fail(`unclosed left paren`, close);
        return { kind: 'pipeline', pipe, path: this.fields() };
      }
      default:
        return undefined;
    }
  }
}

function number(t: Token): Operand {
  const text = t.value.replace(/_/g, '');
  if (text.startsWith("'")) {
    const s = unquote({ ...t, value: `"${text.slice(1, -1).replace(/"/g, '\\"')}"` });
    return { kind: 'int', value: s.codePointAt(0) ?? 0 };
  }
  if (/^[+-]?0[xX]/.test(text)) return { kind: 'int', value: Number.parseInt(text, 16) };
  if (/[.eE]/.test(text)) return { kind: 'float', value: Number(text) };
  if (!/^[+-]?\d+$/.test(text))
    throw new TemplateSyntaxError(t.line, `bad number syntax: "${t.value}"`);
  return { kind: 'int', value: Number(text) };
}

function unquote(t: Token): string {
  if (t.value.startsWith('`')) return t.value.slice(1, -1).replace(/\r/g, '');
  const json = t.value
    .replace(/\\x([0-9a-fA-F]{2})/g, '\\u00$1')
    .replace(/\\'/g, "'")
    .replace(/\\a/g, '\\u0007')
    .replace(/\\v/g, '\\u000b')
    .replace(/\\U([0-9a-fA-F]{8})/g, (_m, h) => {
      const s = String.fromCodePoint(Number.parseInt(h, 16));
      return JSON.stringify(s).slice(1, -1);
    });
  try {
    return JSON.parse(json);
  } catch {
    throw new TemplateSyntaxError(t.line, `invalid syntax in string ${t.value}`);
  }
}

export function parse(src: string): Node[] {
  return new Parser(src, lex(src)).list(true).nodes;
}
