// Reading the Lezer tree: node text, children, literals and errors at a node's position.
import { LiteralError, unquoteString } from '@otel-lab/promql';
import type { SyntaxNode } from './lezer-tree';
import { parseDurationNs, parseFloatGo } from './literals';
import { LogqlParseError } from './parse-error';

export class NodeReader {
  constructor(protected readonly query: string) {}

  protected text(node: SyntaxNode): string {
    return this.query.slice(node.from, node.to);
  }

  protected fail(message: string, at?: SyntaxNode | number): never {
    const position = at === undefined ? undefined : typeof at === 'number' ? at : at.from;
    throw new LogqlParseError(message, position, this.query);
  }

  protected children(node: SyntaxNode): SyntaxNode[] {
    const out: SyntaxNode[] = [];
    for (let c = node.firstChild; c; c = c.nextSibling) out.push(c);
    return out;
  }

  /** The first child named `name`, failing when there is none. */
  protected need(node: SyntaxNode, name: string): SyntaxNode {
    const c = node.getChild(name);
    if (!c) this.fail(`syntax error: missing ${name}`, node);
    return c;
  }

  /** Nodes of a left-recursive list (`List(List(Item), Item)`) in source order. */
  protected listItems(node: SyntaxNode, listName: string, itemName: string): SyntaxNode[] {
    const out: SyntaxNode[] = [];
    for (const c of this.children(node)) {
      if (c.name === listName) out.push(...this.listItems(c, listName, itemName));
      else if (c.name === itemName) out.push(c);
    }
    return out;
  }

  protected string(node: SyntaxNode): string {
    try {
      return unquoteString(this.text(node));
    } catch (error) {
      if (error instanceof LiteralError) this.fail(`invalid string: ${error.message}`, node);
      throw error;
    }
  }

  protected number(node: SyntaxNode): number {
    const value = parseFloatGo(this.text(node));
    if (value === undefined) this.fail(`invalid number ${this.text(node)}`, node);
    return value;
  }

  protected duration(node: SyntaxNode): bigint {
    const value = parseDurationNs(this.text(node));
    if (value === undefined) this.fail(`invalid duration ${this.text(node)}`, node);
    return value;
  }
}
