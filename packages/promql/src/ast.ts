// The typed PromQL syntax tree the evaluator walks. Times and durations are milliseconds.

export type ValueType = 'scalar' | 'vector' | 'matrix' | 'string';

export type MatchType = '=' | '!=' | '=~' | '!~';

export interface LabelMatcher {
  readonly type: MatchType;
  readonly name: string;
  readonly value: string;
}

export type BinaryOp =
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  | '^'
  | 'atan2'
  | '=='
  | '!='
  | '>'
  | '<'
  | '>='
  | '<='
  | 'and'
  | 'or'
  | 'unless'
  /** The trim operators: keep a native histogram's observations below (</) or above (>/) a value. */
  | '</'
  | '>/';

export type AggregateOp =
  | 'sum'
  | 'avg'
  | 'count'
  | 'min'
  | 'max'
  | 'group'
  | 'stddev'
  | 'stdvar'
  | 'topk'
  | 'bottomk'
  | 'quantile'
  | 'count_values'
  | 'limitk'
  | 'limit_ratio';

/** `@ <time>`, `@ start()` or `@ end()`; the evaluator resolves start/end per query. */
export type AtModifier =
  | { readonly kind: 'time'; readonly time: number }
  | { readonly kind: 'start' | 'end' };

export interface NumberLiteral {
  readonly kind: 'number';
  readonly value: number;
}

export interface StringLiteral {
  readonly kind: 'string';
  readonly value: string;
}

export interface VectorSelector {
  readonly kind: 'vectorSelector';
  readonly name: string | undefined;
  readonly matchers: readonly LabelMatcher[];
  offset: number;
  at: AtModifier | undefined;
  /** Experimental range modifiers: `[5m] anchored`, `[5m] smoothed`, and `metric smoothed`. */
  anchored?: boolean;
  smoothed?: boolean;
}

export interface MatrixSelector {
  readonly kind: 'matrixSelector';
  readonly selector: VectorSelector;
  readonly range: number;
}

export interface SubqueryExpr {
  readonly kind: 'subquery';
  readonly expr: Expr;
  readonly range: number;
  /** 0 means the query's own step (Prometheus's default resolution). */
  readonly step: number;
  offset: number;
  at: AtModifier | undefined;
}

export interface Call {
  readonly kind: 'call';
  readonly name: string;
  readonly args: readonly Expr[];
}

export interface AggregateExpr {
  readonly kind: 'aggregate';
  readonly op: AggregateOp;
  readonly expr: Expr;
  readonly param: Expr | undefined;
  readonly grouping: readonly string[];
  readonly without: boolean;
}

export type Cardinality = 'one-to-one' | 'many-to-one' | 'one-to-many' | 'many-to-many';

export interface VectorMatching {
  readonly card: Cardinality;
  /** Labels of on(...) or ignoring(...). */
  readonly labels: readonly string[];
  readonly on: boolean;
  /** Extra labels named in group_left(...) / group_right(...). */
  readonly include: readonly string[];
  /** Experimental fill modifiers: values for samples missing on the left or right side. */
  readonly fillLeft?: number;
  readonly fillRight?: number;
}

export interface BinaryExpr {
  readonly kind: 'binary';
  readonly op: BinaryOp;
  readonly lhs: Expr;
  readonly rhs: Expr;
  readonly returnBool: boolean;
  /** Set when both sides are instant vectors. */
  readonly matching: VectorMatching | undefined;
}

export interface UnaryExpr {
  readonly kind: 'unary';
  readonly op: '-' | '+';
  readonly expr: Expr;
}

export interface ParenExpr {
  readonly kind: 'paren';
  readonly expr: Expr;
}

export type Expr =
  | NumberLiteral
  | StringLiteral
  | VectorSelector
  | MatrixSelector
  | SubqueryExpr
  | Call
  | AggregateExpr
  | BinaryExpr
  | UnaryExpr
  | ParenExpr;

export function isComparisonOp(op: BinaryOp): boolean {
  return op === '==' || op === '!=' || op === '>' || op === '<' || op === '>=' || op === '<=';
}

export function isTrimOp(op: BinaryOp): boolean {
  return op === '</' || op === '>/';
}

export function isSetOp(op: BinaryOp): boolean {
  return op === 'and' || op === 'or' || op === 'unless';
}

/** Children in evaluation order, for walks that do not care about node kinds. */
export function children(e: Expr): Expr[] {
  switch (e.kind) {
    case 'matrixSelector':
      return [e.selector];
    case 'subquery':
    case 'unary':
    case 'paren':
      return [e.expr];
    case 'call':
      return [...e.args];
    case 'aggregate':
      return e.param ? [e.param, e.expr] : [e.expr];
    case 'binary':
      return [e.lhs, e.rhs];
    default:
      return [];
  }
}
