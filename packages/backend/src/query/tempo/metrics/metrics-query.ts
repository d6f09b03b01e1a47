import {
  type Expr,
  type Field,
  type FieldExpr,
  type MetricsFunction,
  parseTraceql,
  TraceqlParseError,
  type TraceqlQuery,
} from '@otel-lab/traceql';
import { TempoError } from '../tempo-error.js';

export type MetricsFn = MetricsFunction['fn'];

/** A TraceQL metrics query taken apart: which spans, what to compute, grouped how. */
export interface MetricsQuery {
  readonly fn: MetricsFn;
  /** The value the function reads (absent for rate and count_over_time). */
  readonly field?: Field;
  readonly quantiles: readonly number[];
  readonly by: readonly Field[];
  /** Each by field's label name, as Tempo writes it: `span.http.route`, `.foo`, `name`. */
  readonly byNames: readonly string[];
  /** The span-selecting stages before the metrics function, as one expression. */
  readonly selection: Expr;
  /** The whole parsed query, for the evaluator's matchingSpans. */
  readonly parsed: TraceqlQuery;
}

/** Tempo's grouping keeps at most five values, one of them the bucket for histograms. */
const MAX_GROUP_BYS = 5;

/** Scoped intrinsics Tempo's parser reads as the plain ones, whose names its labels carry. */
const INTRINSIC_LABELS: ReadonlyMap<string, string> = new Map([
  ['span:duration', 'duration'],
  ['span:name', 'name'],
  ['span:kind', 'kind'],
  ['span:status', 'status'],
  ['span:statusMessage', 'statusMessage'],
  ['trace:duration', 'traceDuration'],
  ['trace:rootName', 'rootName'],
  ['trace:rootService', 'rootServiceName'],
]);

/** Tempo's Attribute.String(): `parent.span.a`, `resource.a`, `.a` unscoped, intrinsics bare. */
export function fieldName(field: Field): string {
  if (field.kind === 'intrinsic') return INTRINSIC_LABELS.get(field.name) ?? field.name;
  const scopes = [
    ...(field.parent ? ['parent'] : []),
    ...(field.scope === 'none' ? [] : [field.scope]),
  ];
  return scopes.length === 0 ? `.${field.name}` : `${scopes.join('.')}.${field.name}`;
}

function isField(expr: FieldExpr): expr is Field {
  return expr.kind === 'attribute' || expr.kind === 'intrinsic';
}

function validate(metrics: MetricsFunction): void {
  const buckets = metrics.fn === 'quantile_over_time' || metrics.fn === 'histogram_over_time';
  if (metrics.by.length > MAX_GROUP_BYS || (buckets && metrics.by.length >= MAX_GROUP_BYS)) {
    throw new TempoError(400, `metrics group by ${metrics.by.length} values not yet supported`);
  }
  if (metrics.fn === 'quantile_over_time') {
    for (const q of metrics.quantiles) {
      if (!(q >= 0 && q <= 1)) throw new TempoError(400, `quantile must be between 0 and 1: ${q}`);
    }
  }
}

/** The metrics stage and what comes before it; 400 in Tempo's words for anything else. */
export function parseMetricsQuery(q: string): MetricsQuery {
  let parsed: TraceqlQuery;
  try {
    parsed = parseTraceql(q);
  } catch (error) {
    if (error instanceof TraceqlParseError)
      throw new TempoError(400, `compiling query: ${error.message}`);
    throw error;
  }
  const expr = parsed.expr;
  const stages = expr.kind === 'pipeline' ? expr.stages : [expr];
  const last = stages.at(-1);
  if (last?.kind === 'topk' || last?.kind === 'bottomk' || last?.kind === 'compare') {
    throw new TempoError(400, `${last.kind}() is not supported by this backend's TraceQL metrics`);
  }
  if (last?.kind !== 'metrics' || stages.length < 2)
    throw new TempoError(400, 'not a metrics query');
  validate(last);
  const by = last.by.filter(isField);
  if (by.length !== last.by.length) {
    throw new TempoError(
      400,
      'compiling query: metrics can only be grouped by attributes and intrinsics',
    );
  }
  const before = stages.slice(0, -1);
  return {
    fn: last.fn,
    field: 'field' in last ? last.field : undefined,
    quantiles: last.fn === 'quantile_over_time' ? last.quantiles : [],
    by,
    byNames: by.map(fieldName),
    selection: before.length === 1 ? (before[0] as Expr) : { kind: 'pipeline', stages: before },
    parsed,
  };
}
