// Duration expressions in ranges, subquery steps and offsets: `5m`, `1m + 30s`, `step()`, `min_of(a, b)`.

import { parseDuration } from './literals';
import { binaryOps, NodeReader, type SyntaxNode } from './node-reader';

export class DurationReader extends NodeReader {
  protected offsetDuration(node: SyntaxNode): number {
    const first = node.firstChild;
    if (first?.name === 'UnaryOp') {
      const inner = this.offsetDuration(this.child(node, 1));
      return this.text(first) === '-' ? -inner : inner;
    }
    return this.durationPrimary(node);
  }

  /** Evaluates a duration expression (Prometheus 3's `[5m + 30s]`, `step()`, `min_of(...)`) in ms. */
  protected duration(node: SyntaxNode): number {
    const parts = this.children(node);
    if (parts.length === 3 && parts[1] && binaryOps[parts[1].name]) {
      const a = this.duration(parts[0] as SyntaxNode);
      const b = this.duration(parts[2] as SyntaxNode);
      switch (binaryOps[parts[1].name]) {
        case '+':
          return a + b;
        case '-':
          return a - b;
        case '*':
          return (a * b) / 1000;
        case '/':
          return (a / b) * 1000;
        case '%':
          return a % b;
        case '^':
          return (a / 1000) ** (b / 1000) * 1000;
        default:
          this.fail('invalid duration operator', parts[1]);
      }
    }
    if (parts[0]?.name === 'UnaryOp') {
      const inner = this.duration(parts[1] as SyntaxNode);
      return this.text(parts[0]) === '-' ? -inner : inner;
    }
    return this.durationPrimary(node);
  }

  protected durationPrimary(node: SyntaxNode): number {
    const first = node.firstChild;
    if (!first) this.fail('unexpected end of input', node.to);
    switch (first.name) {
      case 'DurationStep':
        return this.options.step ?? 0;
      case 'DurationRange':
        return this.options.range ?? 0;
      case 'DurationMinOf':
      case 'DurationMaxOf': {
        const args = this.children(node).filter((c) => c.name === 'DurationExpr');
        const values = args.map((a) => this.duration(a));
        return first.name === 'DurationMinOf' ? Math.min(...values) : Math.max(...values);
      }
      case 'DurationExpr':
        return this.duration(first);
      case 'NumberDurationLiteralInDurationContext': {
        const text = this.text(first);
        const ms = parseDuration(text);
        if (ms !== undefined) return ms;
        return Math.round(this.number(first) * 1000);
      }
      default:
        this.fail(`unexpected ${this.text(first)}`, first);
    }
  }
}
