// Range and vector aggregations, their log ranges (offset, unwrap with its conversion and filters)
// and groupings, with Loki's checks on parameters, grouping and unwrap.
import type {
  Grouping,
  LabelFilter,
  LogRange,
  MetricExpr,
  RangeOp,
  Stage,
  Unwrap,
  VectorOp,
} from '../ast';
import type { SyntaxNode } from './lezer-tree';
import { LogReader } from './log-reader';

const rangeOps: Record<string, RangeOp> = {
  CountOverTime: 'count_over_time',
  Rate: 'rate',
  RateCounter: 'rate_counter',
  BytesOverTime: 'bytes_over_time',
  BytesRate: 'bytes_rate',
  AvgOverTime: 'avg_over_time',
  SumOverTime: 'sum_over_time',
  MinOverTime: 'min_over_time',
  MaxOverTime: 'max_over_time',
  StddevOverTime: 'stddev_over_time',
  StdvarOverTime: 'stdvar_over_time',
  QuantileOverTime: 'quantile_over_time',
  FirstOverTime: 'first_over_time',
  LastOverTime: 'last_over_time',
  AbsentOverTime: 'absent_over_time',
};

const vectorOps: Record<string, VectorOp> = {
  Sum: 'sum',
  Avg: 'avg',
  Count: 'count',
  Max: 'max',
  Min: 'min',
  Stddev: 'stddev',
  Stdvar: 'stdvar',
  Bottomk: 'bottomk',
  Topk: 'topk',
  Sort: 'sort',
  Sort_Desc: 'sort_desc',
};

/** Range operations that take `by`/`without` (Loki's list). */
const groupingRangeOps = new Set<RangeOp>([
  'avg_over_time',
  'stddev_over_time',
  'stdvar_over_time',
  'quantile_over_time',
  'max_over_time',
  'min_over_time',
  'first_over_time',
  'last_over_time',
]);
const withoutUnwrapOps = new Set<RangeOp>([
  'bytes_over_time',
  'bytes_rate',
  'count_over_time',
  'rate',
  'absent_over_time',
]);
const withUnwrapInvalid = new Set<RangeOp>(['bytes_over_time', 'bytes_rate', 'count_over_time']);
export abstract class AggregationReader extends LogReader {
  /** An aggregation's argument (in the subclass, which reads every metric expression). */
  abstract metricExpr(node: SyntaxNode): MetricExpr;

  protected firstWord(node: SyntaxNode): string {
    return /^[A-Za-z_]+/.exec(this.text(node))?.[0] ?? this.text(node);
  }

  protected literal(node: SyntaxNode): number {
    const value = this.number(this.need(node, 'Number'));
    return node.getChild('Sub') ? -value : value;
  }

  protected rangeAggregation(node: SyntaxNode): MetricExpr {
    const opNode = this.need(node, 'RangeOp').firstChild;
    const op = opNode ? rangeOps[opNode.name] : undefined;
    if (!op) return this.fail(`${this.firstWord(node)} is not supported`, node);
    const paramNode = node.getChild('Number');
    const groupingNode = node.getChild('Grouping');
    const range = this.logRange(this.need(node, 'LogRangeExpr'));
    if (paramNode && op !== 'quantile_over_time') {
      this.fail(`parameter ${this.text(paramNode)} not supported for operation ${op}`);
    }
    if (!paramNode && op === 'quantile_over_time') {
      this.fail(`parameter required for operation ${op}`);
    }
    if (groupingNode && !groupingRangeOps.has(op)) {
      this.fail(`grouping not allowed for ${op} aggregation`);
    }
    if (range.unwrap && withUnwrapInvalid.has(op)) {
      this.fail(`invalid aggregation ${op} with unwrap`);
    }
    if (!range.unwrap && !withoutUnwrapOps.has(op)) {
      this.fail(`invalid aggregation ${op} without unwrap`);
    }
    return {
      kind: 'rangeAggregation',
      op,
      range,
      ...(paramNode ? { param: this.number(paramNode) } : {}),
      ...(groupingNode ? { grouping: this.grouping(groupingNode) } : {}),
    };
  }

  private logRange(node: SyntaxNode): LogRange {
    let matchers: LogRange['selector']['matchers'] | undefined;
    const pipeline: Stage[] = [];
    let rangeNs: bigint | undefined;
    let offsetNs = 0n;
    let unwrap: Unwrap | undefined;
    for (const c of this.children(node)) {
      if (c.name === 'LogRangeExpr') {
        const inner = this.logRange(c);
        matchers = inner.selector.matchers;
        pipeline.push(...inner.selector.pipeline);
        rangeNs = inner.rangeNs;
        offsetNs = inner.offsetNs;
        unwrap = inner.unwrap;
      } else if (c.name === 'Selector') matchers = this.selector(c);
      else if (c.name === 'PipelineExpr') pipeline.push(...this.pipeline(c));
      else if (c.name === 'Range') rangeNs = this.duration(this.need(c, 'Duration'));
      else if (c.name === 'OffsetExpr') offsetNs = this.duration(this.need(c, 'Duration'));
      else if (c.name === 'UnwrapExpr') unwrap = this.unwrap(c);
    }
    if (!matchers || rangeNs === undefined) this.fail('syntax error: incomplete range', node);
    return {
      selector: { kind: 'log', matchers, pipeline },
      rangeNs,
      offsetNs,
      ...(unwrap ? { unwrap } : {}),
    };
  }

  private unwrap(node: SyntaxNode): Unwrap {
    const inner = node.getChild('UnwrapExpr');
    if (inner) {
      const base = this.unwrap(inner);
      const filter: LabelFilter = this.labelFilter(this.need(node, 'LabelFilter'));
      return { ...base, postFilters: [...base.postFilters, filter] };
    }
    const conv = node.getChild('ConvOp')?.firstChild?.name;
    return {
      label: this.text(this.need(node, 'Identifier')),
      conversion:
        conv === 'BytesConv'
          ? 'bytes'
          : conv === 'DurationConv'
            ? 'duration'
            : conv === 'DurationSecondsConv'
              ? 'duration_seconds'
              : 'none',
      postFilters: [],
    };
  }

  private grouping(node: SyntaxNode): Grouping {
    const labels = node.getChild('Labels');
    return {
      without: node.getChild('Without') !== null,
      labels: labels ? this.listItems(labels, 'Labels', 'Identifier').map((l) => this.text(l)) : [],
    };
  }

  protected vectorAggregation(node: SyntaxNode): MetricExpr {
    const opNode = this.need(node, 'VectorOp').firstChild;
    const op = opNode ? vectorOps[opNode.name] : undefined;
    if (!op) return this.fail(`${this.firstWord(node)} is not supported`, node);
    const paramNode = node.getChild('Number');
    const groupings = node.getChildren('Grouping');
    if (groupings.length > 1) this.fail('syntax error: unexpected by', groupings[1]);
    let param: number | undefined;
    if (op === 'topk' || op === 'bottomk') {
      if (!paramNode) this.fail(`parameter required for operation ${op}`);
      const text = this.text(paramNode);
      if (!/^[-+]?\d+$/.test(text)) this.fail(`invalid parameter ${op}(${text},`);
      param = Number(text);
      if (param <= 0) this.fail(`invalid parameter (must be greater than 0) ${op}(${text}`);
    } else if (paramNode) {
      this.fail(`unsupported parameter for operation ${op}(${this.text(paramNode)},`);
    }
    const grouping = groupings[0];
    return {
      kind: 'vectorAggregation',
      op,
      expr: this.metricExpr(this.need(node, 'MetricExpr')),
      ...(param !== undefined ? { param } : {}),
      ...(grouping ? { grouping: this.grouping(grouping) } : {}),
    };
  }
}
