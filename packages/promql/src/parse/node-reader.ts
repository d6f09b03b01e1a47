// Reading the Lezer tree: node text, children, literals, and errors at a node's position.

import type { BinaryOp } from '../ast';
import { LiteralError, parseNumber, unquoteString } from './literals';
import { PromqlParseError } from './parse-error';

// The grammar package ships CommonJS (dist/index.cjs) but declares its types for ESM only, so it is
// required directly with the declared type.
export const { parser: lezerParser } =
  require('@prometheus-io/lezer-promql') as typeof import('@prometheus-io/lezer-promql', { with: {
    'resolution-mode': 'import',
  }});
export type SyntaxNode = ReturnType<typeof lezerParser.parse>['topNode'];

export const binaryOps: Record<string, BinaryOp> = {
  Pow: '^',
  Mul: '*',
  Div: '/',
  Mod: '%',
  Atan2: 'atan2',
  Add: '+',
  Sub: '-',
  Eql: '==',
  Neq: '!=',
  Gtr: '>',
  Lss: '<',
  Gte: '>=',
  Lte: '<=',
  And: 'and',
  Or: 'or',
  Unless: 'unless',
};

export interface ParseOptions {
  /** Values for the duration functions step() and range() (milliseconds); 0 when not known. */
  readonly step?: number;
  readonly range?: number;
}

export class NodeReader {
  constructor(
    protected readonly query: string,
    protected readonly options: ParseOptions,
  ) {}

  protected text(node: SyntaxNode): string {
    return this.query.slice(node.from, node.to);
  }

  protected fail(message: string, node: SyntaxNode | number): never {
    throw new PromqlParseError(message, typeof node === 'number' ? node : node.from, this.query);
  }

  protected child(node: SyntaxNode, index: number): SyntaxNode {
    let c = node.firstChild;
    for (let i = 0; c && i < index; i++) c = c.nextSibling;
    if (!c) this.fail('unexpected end of input', node.to);
    return c;
  }

  protected children(node: SyntaxNode): SyntaxNode[] {
    const out: SyntaxNode[] = [];
    for (let c = node.firstChild; c; c = c.nextSibling) out.push(c);
    return out;
  }

  protected number(node: SyntaxNode): number {
    try {
      return parseNumber(this.text(node).replace(/\s+/g, ''));
    } catch (error) {
      if (error instanceof LiteralError) this.fail(error.message, node);
      throw error;
    }
  }

  protected string(node: SyntaxNode): string {
    try {
      return unquoteString(this.text(node));
    } catch (error) {
      if (error instanceof LiteralError) this.fail(error.message, node);
      throw error;
    }
  }
}
