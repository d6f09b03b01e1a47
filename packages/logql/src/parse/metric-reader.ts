// The metric half of the tree: binary operators (rebound with Loki's precedence, literal legs
// folded), literals, vector(), label_replace; aggregations come from AggregationReader.
import type { BinaryModifier, BinaryOp, Expr, MetricExpr } from '../ast';
import { AggregationReader } from './aggregation-reader';
import { bindByPrecedence } from './binary-precedence';
import { foldLiterals } from './fold-literals';
import type { SyntaxNode } from './lezer-tree';

const binaryOps: Record<string, BinaryOp> = {
  Or: 'or',
  And: 'and',
  Unless: 'unless',
  Add: '+',
  Sub: '-',
  Mul: '*',
  Div: '/',
  Mod: '%',
  Pow: '^',
  Eql: '==',
  Neq: '!=',
  Gtr: '>',
  Gte: '>=',
  Lss: '<',
  Lte: '<=',
};

const logicalOps = new Set<BinaryOp>(['and', 'or', 'unless']);

export class MetricReader extends AggregationReader {
  expr(node: SyntaxNode): Expr {
    const log = node.getChild('LogExpr');
    if (log) return this.logExpr(log);
    return this.metricExpr(this.need(node, 'MetricExpr'));
  }

  metricExpr(node: SyntaxNode): MetricExpr {
    const body = node.firstChild;
    if (!body) this.fail('syntax error: empty expression', node);
    switch (body.name) {
      case 'MetricExpr':
        return this.metricExpr(body);
      case 'RangeAggregationExpr':
        return this.rangeAggregation(body);
      case 'VectorAggregationExpr':
        return this.vectorAggregation(body);
      case 'BinOpExpr':
        return this.binary(body);
      case 'LiteralExpr':
        return { kind: 'literal', value: this.literal(body) };
      case 'VectorExpr':
        return { kind: 'vector', value: this.number(this.need(body, 'Number')) };
      case 'LabelReplaceExpr': {
        const [dst, replacement, src, regex] = body
          .getChildren('String')
          .map((s) => this.string(s));
        if (regex === undefined) this.fail('syntax error: label_replace takes 5 arguments', body);
        return {
          kind: 'labelReplace',
          expr: this.metricExpr(this.need(body, 'MetricExpr')),
          dst: dst as string,
          replacement: replacement as string,
          src: src as string,
          regex,
        };
      }
      case 'LabelAggregationExpr':
        return this.fail(`${this.firstWord(body)} is not supported`, body);
      default:
        return this.fail(`syntax error: unexpected ${this.text(body)}`, body);
    }
  }

  /** A chain of operators without parentheses, rebound with Loki's precedence. */
  private binary(node: SyntaxNode): MetricExpr {
    const operands: SyntaxNode[] = [];
    const ops: { op: BinaryOp; modifier: SyntaxNode }[] = [];
    this.flattenChain(node, operands, ops);
    return bindByPrecedence<MetricExpr | SyntaxNode, { op: BinaryOp; modifier: SyntaxNode }>(
      operands,
      ops,
      (lhs, op, rhs) => this.combine(lhs, op.op, op.modifier, rhs),
    ) as MetricExpr;
  }

  private flattenChain(
    node: SyntaxNode,
    operands: SyntaxNode[],
    ops: { op: BinaryOp; modifier: SyntaxNode }[],
  ): void {
    const [left, opNode, modifier, right] = this.children(node);
    if (!left || !opNode || !modifier || !right) this.fail('syntax error: incomplete binary', node);
    const op = binaryOps[opNode.name];
    if (!op) this.fail(`syntax error: unexpected ${this.text(opNode)}`, opNode);
    for (const [side, i] of [
      [left, 0],
      [right, 1],
    ] as const) {
      // Expr(MetricExpr(BinOpExpr)) continues the chain; a parenthesised one is MetricExpr(MetricExpr).
      const chained = side.getChild('MetricExpr')?.getChild('BinOpExpr');
      if (chained) this.flattenChain(chained, operands, ops);
      else operands.push(side);
      if (i === 0) ops.push({ op, modifier });
    }
  }

  private combine(
    left: MetricExpr | SyntaxNode,
    op: BinaryOp,
    modifier: SyntaxNode,
    right: MetricExpr | SyntaxNode,
  ): MetricExpr {
    const lhs = 'kind' in left ? left : this.operand(left, op, 'left');
    const rhs = 'kind' in right ? right : this.operand(right, op, 'right');
    if (logicalOps.has(op)) {
      for (const [leg, side] of [
        [lhs, 'left'],
        [rhs, 'right'],
      ] as const) {
        if (leg.kind === 'literal') {
          this.fail(
            `unexpected literal for ${side} leg of logical/set binary operation (${op}): ${leg.value.toFixed(6)}`,
          );
        }
      }
    }
    if (lhs.kind === 'literal' && rhs.kind === 'literal') {
      return { kind: 'literal', value: foldLiterals(op, lhs.value, rhs.value) };
    }
    return { kind: 'binary', op, lhs, rhs, modifier: this.modifier(modifier) };
  }

  private operand(node: SyntaxNode, op: BinaryOp, side: string): MetricExpr {
    const expr = this.expr(node);
    if (expr.kind === 'log') {
      const type = expr.pipeline.length > 0 ? '*syntax.PipelineExpr' : '*syntax.MatchersExpr';
      this.fail(`unexpected type for ${side} leg of binary operation (${op}): ${type}`);
    }
    return expr;
  }

  private modifier(node: SyntaxNode): BinaryModifier {
    const matching = node.getChild('OnOrIgnoringModifier');
    const groupSide = node.getChild('GroupLeft')
      ? 'left'
      : node.getChild('GroupRight')
        ? 'right'
        : undefined;
    return {
      returnBool: node.getChild('Bool') !== null,
      ...(matching
        ? {
            matching: {
              on: matching.getChild('On') !== null,
              labels: this.groupingLabels(matching.getChild('GroupingLabels')),
            },
          }
        : {}),
      ...(groupSide
        ? {
            group: {
              side: groupSide,
              include: this.groupingLabels(node.getChild('GroupingLabels')),
            },
          }
        : {}),
    };
  }

  private groupingLabels(node: SyntaxNode | null): string[] {
    const list = node?.getChild('GroupingLabelList');
    if (!list) return [];
    return this.listItems(list, 'GroupingLabelList', 'GroupingLabel').map((l) => this.text(l));
  }
}
