// Reading the Lezer tree: node text, children without comments, binary chains and literals.
import type { SyntaxNode } from './lezer-tree';
import { TraceqlParseError } from './parse-error';

const COMMENTS = new Set(['LineComment', 'BlockComment']);

const DURATION_UNITS: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

/** Where errors point: the query as written, and how an offset in the parsed text maps to it. */
export interface ErrorSource {
  query: string;
  original(at: number): number;
}

export class NodeReader {
  /** `query` is the text parsed; errors name positions in `source` (the same text by default). */
  constructor(
    protected readonly query: string,
    private readonly source: ErrorSource = { query, original: (at) => at },
  ) {}

  protected text(node: SyntaxNode): string {
    return this.query.slice(node.from, node.to);
  }

  protected fail(message: string, at: SyntaxNode): never {
    throw new TraceqlParseError(message, this.source.original(at.from), this.source.query);
  }

  /** Children that are not comments. */
  protected children(node: SyntaxNode): SyntaxNode[] {
    const out: SyntaxNode[] = [];
    for (let c = node.firstChild; c; c = c.nextSibling) if (!COMMENTS.has(c.name)) out.push(c);
    return out;
  }

  protected need(node: SyntaxNode, name: string): SyntaxNode {
    const c = node.getChild(name);
    if (!c) this.fail(`syntax error: missing ${name}`, node);
    return c;
  }

  /**
   * The operands and operators of a chain of binary `name` nodes (`name op name`), in source order;
   * a parenthesised or unary node ends the chain. The operator is the text between the operands
   * (the grammar leaves `~` unnamed), without comments.
   */
  protected chain(node: SyntaxNode, name: string): { operands: SyntaxNode[]; ops: string[] } {
    const sides = this.children(node).filter((c) => c.name === name);
    const [left, right] = sides;
    if (sides.length !== 2 || !left || !right) return { operands: [node], ops: [] };
    const l = this.chain(left, name);
    const r = this.chain(right, name);
    const op = this.query
      .slice(left.to, right.from)
      .replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, '')
      .trim();
    return { operands: [...l.operands, ...r.operands], ops: [...l.ops, op, ...r.ops] };
  }

  /** The text before a node's first child: `(`, `-` or `!` for wrapped and prefixed nodes. */
  protected prefix(node: SyntaxNode, child: SyntaxNode): string {
    return this.query.slice(node.from, child.from).trim();
  }

  /** Double-quoted (escapes `\"` and `\\`, as the grammar takes) or backtick (raw) strings. */
  protected string(text: string): string {
    if (text.startsWith('`')) return text.slice(1, -1);
    return text.slice(1, -1).replace(/\\(["\\])/g, '$1');
  }

  /** An attribute name with its quoted parts unquoted: `"http status".code` → `http status.code`. */
  protected identifier(text: string): string {
    return text.replace(/"((?:[^"\\]|\\.)*)"/g, (_, inner: string) =>
      inner.replace(/\\(["\\])/g, '$1'),
    );
  }

  protected integer(node: SyntaxNode): number {
    return Number(this.text(node));
  }

  protected duration(node: SyntaxNode): bigint {
    const match = /^(\d+)(?:\.(\d+))?(ns|us|µs|ms|s|m|h)$/u.exec(this.text(node));
    const unit = match && DURATION_UNITS[match[3] ?? ''];
    if (!match || unit === undefined || unit === null)
      this.fail(`invalid duration ${this.text(node)}`, node);
    const fraction = match[2] ?? '';
    const scaled = BigInt(`${match[1]}${fraction}`) * unit;
    return scaled / 10n ** BigInt(fraction.length);
  }
}
