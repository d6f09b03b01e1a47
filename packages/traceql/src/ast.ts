// The typed tree of a TraceQL query, as Tempo reads it: a pipeline of span set expressions,
// filters on aggregates, grouping and metrics functions. Durations are nanoseconds as bigints.

export interface TraceqlQuery {
  readonly expr: Expr;
  /** Query hints from `with (name=value)`, e.g. { most_recent: true }. */
  readonly hints: Readonly<Record<string, boolean>>;
}

export type Expr =
  | SpansetFilter
  | SpansetOperation
  | Pipeline
  | ScalarFilter
  | GroupBy
  | Select
  | Coalesce
  | MetricsFunction
  | Compare
  | TopK;

export interface SpansetFilter {
  readonly kind: 'spansetFilter';
  /** `{}` holds the static `true`, as in Tempo. */
  readonly filter: FieldExpr;
}

/** `&&` and `||` of span sets, structural operators, their negations (`!>`…) and unions (`&>`…). */
export type SpansetOp =
  | '&&'
  | '||'
  | '>'
  | '>>'
  | '<'
  | '<<'
  | '~'
  | '!>'
  | '!>>'
  | '!<'
  | '!<<'
  | '!~'
  | '&>'
  | '&>>'
  | '&<'
  | '&<<'
  | '&~';

export interface SpansetOperation {
  readonly kind: 'spansetOperation';
  readonly op: SpansetOp;
  readonly left: Expr;
  readonly right: Expr;
}

/** `a | b | c`: each stage reads the span sets the one before gives. */
export interface Pipeline {
  readonly kind: 'pipeline';
  readonly stages: readonly Expr[];
}

export type ComparisonOp = '=' | '!=' | '<' | '<=' | '>' | '>=' | '=~' | '!~';
export type ArithmeticOp = '+' | '-' | '*' | '/' | '%' | '^';

/** `count() > 2`, `avg(duration) >= 1s`. */
export interface ScalarFilter {
  readonly kind: 'scalarFilter';
  readonly op: ComparisonOp;
  readonly left: ScalarExpr;
  readonly right: ScalarExpr;
}

export type ScalarExpr =
  | Aggregate
  | Static
  | TemplateVariable
  | {
      readonly kind: 'arithmetic';
      readonly op: ArithmeticOp;
      readonly left: ScalarExpr;
      readonly right: ScalarExpr;
    };

export type Aggregate =
  | { readonly kind: 'aggregate'; readonly fn: 'count' }
  | {
      readonly kind: 'aggregate';
      readonly fn: 'max' | 'min' | 'avg' | 'sum';
      readonly field: FieldExpr;
    };

export interface GroupBy {
  readonly kind: 'by';
  readonly fields: readonly FieldExpr[];
}

export interface Select {
  readonly kind: 'select';
  readonly fields: readonly FieldExpr[];
}

export interface Coalesce {
  readonly kind: 'coalesce';
}

/** Metrics functions: a series per `by` group. */
export type MetricsFunction =
  | {
      readonly kind: 'metrics';
      readonly fn: 'rate' | 'count_over_time';
      readonly by: readonly FieldExpr[];
    }
  | {
      readonly kind: 'metrics';
      readonly fn:
        | 'min_over_time'
        | 'max_over_time'
        | 'avg_over_time'
        | 'sum_over_time'
        | 'histogram_over_time';
      readonly field: Field;
      readonly by: readonly FieldExpr[];
    }
  | {
      readonly kind: 'metrics';
      readonly fn: 'quantile_over_time';
      readonly field: Field;
      readonly quantiles: readonly number[];
      readonly by: readonly FieldExpr[];
    };

/** `compare({selection}, topN, startNs, endNs)`; the numbers are optional. */
export interface Compare {
  readonly kind: 'compare';
  readonly selection: SpansetFilter;
  readonly topN?: number;
  readonly startNs?: bigint;
  readonly endNs?: bigint;
}

export interface TopK {
  readonly kind: 'topk' | 'bottomk';
  readonly limit: number;
}

export type FieldExpr =
  | Static
  | Field
  | TemplateVariable
  | {
      readonly kind: 'binary';
      readonly op: ComparisonOp | ArithmeticOp | '&&' | '||' | '~';
      readonly left: FieldExpr;
      readonly right: FieldExpr;
    }
  | { readonly kind: 'unary'; readonly op: '!' | '-'; readonly operand: FieldExpr };

export type Field = Intrinsic | Attribute;

/** An intrinsic as written: `duration`, `span:duration`, `trace:id`, `event:name`, `parent`… */
export interface Intrinsic {
  readonly kind: 'intrinsic';
  readonly name: string;
}

export type AttributeScope = 'none' | 'span' | 'resource' | 'event' | 'link' | 'instrumentation';

/** `.a` (scope none), `span.a`, `resource.service.name`, `parent.span.a`; quoted parts unquoted. */
export interface Attribute {
  readonly kind: 'attribute';
  readonly scope: AttributeScope;
  readonly parent: boolean;
  readonly name: string;
}

export type StatusValue = 'ok' | 'error' | 'unset';
export type KindValue = 'unspecified' | 'internal' | 'server' | 'client' | 'producer' | 'consumer';

export type Static =
  | { readonly kind: 'static'; readonly type: 'string'; readonly value: string }
  | { readonly kind: 'static'; readonly type: 'int' | 'float'; readonly value: number }
  | { readonly kind: 'static'; readonly type: 'duration'; readonly ns: bigint }
  | { readonly kind: 'static'; readonly type: 'bool'; readonly value: boolean }
  | { readonly kind: 'static'; readonly type: 'nil' }
  | { readonly kind: 'static'; readonly type: 'status'; readonly value: StatusValue }
  | { readonly kind: 'static'; readonly type: 'kind'; readonly value: KindValue };

/** A Grafana dashboard variable as written (`$service`, `${service}`), for the caller to interpolate. */
export interface TemplateVariable {
  readonly kind: 'variable';
  readonly name: string;
}

/** TraceQL's kinds by OTLP's Span.SpanKind number (0 to 5). */
export const KINDS_BY_OTLP_CODE: readonly KindValue[] = [
  'unspecified',
  'internal',
  'server',
  'client',
  'producer',
  'consumer',
];

/** TraceQL's statuses by OTLP's Status.StatusCode number (0 to 2). */
export const STATUSES_BY_OTLP_CODE: readonly StatusValue[] = ['unset', 'ok', 'error'];
