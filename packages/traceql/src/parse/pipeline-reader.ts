// Span set expressions, pipelines, scalar filters and metrics functions off the Lezer tree.
import type {
  ComparisonOp,
  Expr,
  FieldExpr,
  MetricsFunction,
  ScalarExpr,
  SpansetFilter,
  SpansetOp,
} from '../ast';
import { FieldReader } from './field-reader';
import type { SyntaxNode } from './lezer-tree';
import { associate } from './precedence';

type OverTimeFn = 'min_over_time' | 'max_over_time' | 'avg_over_time' | 'sum_over_time';

export class PipelineReader extends FieldReader {
  /** SpansetPipelineExpression and SpansetExpression: chains of span set operators and `|`. */
  expr(node: SyntaxNode): Expr {
    const { operands, ops } = this.chain(node, node.name);
    if (ops.length > 0) {
      return associate(
        operands.map((o) => this.operand(o)),
        ops,
        (op, left, right) =>
          op === '|'
            ? pipe(left, right)
            : { kind: 'spansetOperation', op: op as SpansetOp, left, right },
      );
    }
    return this.operand(node);
  }

  private operand(node: SyntaxNode): Expr {
    const [child] = this.children(node);
    if (!child) this.fail('syntax error: empty expression', node);
    switch (child.name) {
      case 'SpansetPipelineExpression':
      case 'SpansetExpression':
      case 'WrappedSpansetPipeline':
      case 'SpansetPipeline':
        return this.expr(child);
      case 'SpansetFilter':
        return this.spansetFilter(child);
      case 'ScalarFilter':
        return this.scalarFilter(child);
      case 'GroupOperation':
        return { kind: 'by', fields: this.fields(child) };
      case 'SelectOperation':
        return { kind: 'select', fields: this.listItems(this.need(child, 'SelectArgs')) };
      case 'CoalesceOperation':
        return { kind: 'coalesce' };
      case 'MetricsOperation':
        return this.metrics(this.children(child)[0] ?? child);
      case 'MetricsAggregatorFunctions':
        return {
          kind: this.text(this.need(child, 'MetricsAggregatorFunctionType')) as 'topk' | 'bottomk',
          limit: this.integer(this.need(child, 'Integer')),
        };
    }
    this.fail(`syntax error: unexpected ${child.name}`, child);
  }

  private spansetFilter(node: SyntaxNode): SpansetFilter {
    const field = node.getChild('FieldExpression');
    return {
      kind: 'spansetFilter',
      filter: field ? this.fieldExpr(field) : { kind: 'static', type: 'bool', value: true },
    };
  }

  private scalarFilter(node: SyntaxNode): Expr {
    const [left, right] = node.getChildren('ScalarExpression');
    if (!left || !right) this.fail('syntax error: incomplete scalar filter', node);
    const op = this.text(this.need(node, 'ComparisonOp')) as ComparisonOp;
    return { kind: 'scalarFilter', op, left: this.scalar(left), right: this.scalar(right) };
  }

  private scalar(node: SyntaxNode): ScalarExpr {
    const { operands, ops } = this.chain(node, 'ScalarExpression');
    if (ops.length > 0) {
      return associate(
        operands.map((o) => this.scalar(o)),
        ops,
        (op, left, right) => ({
          kind: 'arithmetic',
          op: op as '+',
          left,
          right,
        }),
      );
    }
    const [child] = this.children(node);
    if (!child) this.fail('syntax error: empty scalar expression', node);
    const negative = this.prefix(node, child) === '-';
    switch (child.name) {
      case 'ScalarExpression':
        return this.scalar(child);
      case 'Aggregate': {
        const fn = child.getChild('AggregateExpression');
        if (!fn) return { kind: 'aggregate', fn: 'count' };
        const name = this.text(fn) as 'max';
        return {
          kind: 'aggregate',
          fn: name,
          field: this.fieldExpr(this.need(child, 'FieldExpression')),
        };
      }
      case 'Integer':
        return { kind: 'static', type: 'int', value: (negative ? -1 : 1) * this.integer(child) };
      case 'Float':
        return {
          kind: 'static',
          type: 'float',
          value: (negative ? -1 : 1) * Number(this.text(child)),
        };
      case 'Duration':
        return {
          kind: 'static',
          type: 'duration',
          ns: (negative ? -1n : 1n) * this.duration(child),
        };
      case 'TemplateVariable':
        return { kind: 'variable', name: this.text(child) };
    }
    this.fail(`syntax error: unexpected ${child.name}`, child);
  }

  private metrics(node: SyntaxNode): Expr {
    const group = node.getChild('GroupOperation');
    const by = group ? this.fields(group) : [];
    switch (node.name) {
      case 'MetricsOperationBasic': {
        const fn = this.text(this.need(node, 'MetricsOperationBasicType')) as 'rate';
        return { kind: 'metrics', fn, by };
      }
      case 'MetricsOverTime':
      case 'MetricsOperationHistogram': {
        const fn =
          node.name === 'MetricsOverTime'
            ? (this.text(this.need(node, 'MetricsOverTimeType')) as OverTimeFn)
            : 'histogram_over_time';
        return {
          kind: 'metrics',
          fn,
          field: this.metricsField(node),
          by,
        } satisfies MetricsFunction;
      }
      case 'MetricsOperationQuantile': {
        const args = this.need(node, 'MetricsOperationQuantileArgs');
        const quantiles = args
          .getChildren('MetricsOperationQuantileArgsType')
          .map((q) => Number(this.text(q)));
        return {
          kind: 'metrics',
          fn: 'quantile_over_time',
          field: this.metricsField(args),
          quantiles,
          by,
        };
      }
      case 'MetricsOperationCompare': {
        const [topN, start, end] = node.getChildren('Integer');
        return {
          kind: 'compare',
          selection: this.spansetFilter(this.need(node, 'SpansetFilter')),
          ...(topN && { topN: this.integer(topN) }),
          ...(start && { startNs: BigInt(this.text(start)) }),
          ...(end && { endNs: BigInt(this.text(end)) }),
        };
      }
    }
    this.fail(`syntax error: unexpected ${node.name}`, node);
  }

  private metricsField(node: SyntaxNode) {
    const [field] = this.children(this.need(node, 'MetricsExpression'));
    if (!field) this.fail('syntax error: missing field', node);
    return this.field(field);
  }

  private fields(node: SyntaxNode): FieldExpr[] {
    return node.getChildren('FieldExpression').map((f) => this.fieldExpr(f));
  }

  /** SelectArgs is left-recursive: `SelectArgs(SelectArgs(a), b)`. */
  private listItems(node: SyntaxNode): FieldExpr[] {
    const inner = node.getChild('SelectArgs');
    return [...(inner ? this.listItems(inner) : []), ...this.fields(node)];
  }
}

/** `a | b`: a pipeline's stages in order; a wrapped pipeline on the right stays one stage. */
function pipe(left: Expr, right: Expr): Expr {
  const stages = left.kind === 'pipeline' ? left.stages : [left];
  return { kind: 'pipeline', stages: [...stages, right] };
}
