// The typed LogQL syntax tree, for log queries and metric queries alike. Durations (ranges, offsets,
// duration label filters) are nanoseconds as bigint, as Loki's time.Duration; numbers are float64.
import type { LabelMatcher } from '@otel-lab/promql';

export type { LabelMatcher, MatchType } from '@otel-lab/promql';

export type Expr = LogExpr | MetricExpr;

/** A log query: a stream selector and its pipeline. */
export interface LogExpr {
  readonly kind: 'log';
  readonly matchers: readonly LabelMatcher[];
  readonly pipeline: readonly Stage[];
}

export type Stage =
  | LineFilterStage
  | JsonStage
  | LogfmtStage
  | RegexpStage
  | PatternStage
  | UnpackStage
  | LabelFilterStage
  | LineFormatStage
  | LabelFormatStage
  | DecolorizeStage
  | DropStage
  | KeepStage;

/** `|=` contains, `!=` not contains, `|~` / `!~` RE2 (unanchored), `|>` / `!>` Loki's pattern match. */
export type LineFilterOp = '|=' | '!=' | '|~' | '!~' | '|>' | '!>';

/** One operand of a line filter: a string, or `ip("cidr")` (matches IP addresses in the line). */
export interface LineFilterValue {
  readonly ip: boolean;
  readonly value: string;
}

/**
 * `|= "a" or "b"`: for a positive op any value may match; for a negative op (`!=`, `!~`, `!>`) none
 * may, as Loki reads `!= "a" or "b"` ("contains neither").
 */
export interface LineFilterStage {
  readonly kind: 'lineFilter';
  readonly op: LineFilterOp;
  readonly values: readonly LineFilterValue[];
}

/** `| json` or `| json a="b.c", d`: with params only the named labels, each from its JSON path. */
export interface JsonStage {
  readonly kind: 'json';
  readonly params: readonly LabelExtraction[];
}

/** `| logfmt [--strict] [--keep-empty] [a="b", c]`. */
export interface LogfmtStage {
  readonly kind: 'logfmt';
  readonly strict: boolean;
  readonly keepEmpty: boolean;
  readonly params: readonly LabelExtraction[];
}

/** `name="expression"`; a bare `name` has the expression `name`. */
export interface LabelExtraction {
  readonly label: string;
  readonly expression: string;
}

export interface RegexpStage {
  readonly kind: 'regexp';
  readonly pattern: string;
}

export interface PatternStage {
  readonly kind: 'pattern';
  readonly pattern: string;
}

export interface UnpackStage {
  readonly kind: 'unpack';
}

export interface LabelFilterStage {
  readonly kind: 'labelFilter';
  readonly filter: LabelFilter;
}

export type CompareOp = '==' | '!=' | '>' | '>=' | '<' | '<=';

/** A label filter: `and` (also written `,`) binds tighter than `or`, as in Loki. */
export type LabelFilter =
  | { readonly kind: 'and' | 'or'; readonly left: LabelFilter; readonly right: LabelFilter }
  /** String comparison; regexes anchored. */
  | { readonly kind: 'string'; readonly matcher: LabelMatcher }
  /** `status >= 400`; `=` is written as `==`. */
  | {
      readonly kind: 'number';
      readonly name: string;
      readonly op: CompareOp;
      readonly value: number;
    }
  /** `latency > 250ms`; the label is read as a Go duration. */
  | {
      readonly kind: 'duration';
      readonly name: string;
      readonly op: CompareOp;
      readonly valueNs: bigint;
    }
  /** `size > 20KiB`; the label is read as a humanized byte size. */
  | {
      readonly kind: 'bytes';
      readonly name: string;
      readonly op: CompareOp;
      readonly value: number;
    }
  /** `addr = ip("10.0.0.0/8")`. */
  | {
      readonly kind: 'ip';
      readonly name: string;
      readonly op: '=' | '!=';
      readonly pattern: string;
    };

export interface LineFormatStage {
  readonly kind: 'lineFormat';
  readonly template: string;
}

/** `| label_format dst=src` renames; `dst="{{...}}"` sets from a template. */
export interface LabelFormatStage {
  readonly kind: 'labelFormat';
  readonly items: readonly LabelFormatItem[];
}

export type LabelFormatItem =
  | { readonly kind: 'rename'; readonly dst: string; readonly src: string }
  | { readonly kind: 'template'; readonly dst: string; readonly template: string };

export interface DecolorizeStage {
  readonly kind: 'decolorize';
}

/** A bare name (drop/keep that label) or a matcher (only when its value matches). */
export interface LabelSelector {
  readonly name: string;
  readonly matcher?: LabelMatcher;
}

export interface DropStage {
  readonly kind: 'drop';
  readonly labels: readonly LabelSelector[];
}

export interface KeepStage {
  readonly kind: 'keep';
  readonly labels: readonly LabelSelector[];
}

// ---- metric queries ----

export type MetricExpr =
  | RangeAggregationExpr
  | VectorAggregationExpr
  | BinaryExpr
  | LiteralExpr
  | VectorExpr
  | LabelReplaceExpr;

export type RangeOp =
  | 'count_over_time'
  | 'rate'
  | 'rate_counter'
  | 'bytes_over_time'
  | 'bytes_rate'
  | 'avg_over_time'
  | 'sum_over_time'
  | 'min_over_time'
  | 'max_over_time'
  | 'stddev_over_time'
  | 'stdvar_over_time'
  | 'quantile_over_time'
  | 'first_over_time'
  | 'last_over_time'
  | 'absent_over_time';

/** `by (a, b)` or `without (a)`; `by ()` is an empty `by`, not a missing grouping. */
export interface Grouping {
  readonly without: boolean;
  readonly labels: readonly string[];
}

/** `| unwrap latency`, `| unwrap duration(latency)`, then label filters on the unwrapped entries. */
export interface Unwrap {
  readonly label: string;
  /** none: a float; duration / duration_seconds: a Go duration in seconds; bytes: a byte size. */
  readonly conversion: 'none' | 'duration' | 'duration_seconds' | 'bytes';
  readonly postFilters: readonly LabelFilter[];
}

/** The `{...} | pipeline [5m] offset 1h` argument of a range aggregation. */
export interface LogRange {
  readonly selector: LogExpr;
  readonly rangeNs: bigint;
  /** 0n when absent; may be negative. */
  readonly offsetNs: bigint;
  readonly unwrap?: Unwrap;
}

export interface RangeAggregationExpr {
  readonly kind: 'rangeAggregation';
  readonly op: RangeOp;
  /** quantile_over_time's φ. */
  readonly param?: number;
  readonly range: LogRange;
  readonly grouping?: Grouping;
}

export type VectorOp =
  | 'sum'
  | 'avg'
  | 'count'
  | 'max'
  | 'min'
  | 'stddev'
  | 'stdvar'
  | 'bottomk'
  | 'topk'
  | 'sort'
  | 'sort_desc';

export interface VectorAggregationExpr {
  readonly kind: 'vectorAggregation';
  readonly op: VectorOp;
  /** topk / bottomk's k. */
  readonly param?: number;
  readonly expr: MetricExpr;
  readonly grouping?: Grouping;
}

export type BinaryOp =
  | 'or'
  | 'and'
  | 'unless'
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  | '^'
  | '=='
  | '!='
  | '>'
  | '>='
  | '<'
  | '<=';

export interface BinaryModifier {
  /** `bool` on a comparison: 0/1 instead of filtering. */
  readonly returnBool: boolean;
  /** `on (...)` (on: true) or `ignoring (...)`; absent: match on all labels. */
  readonly matching?: { readonly on: boolean; readonly labels: readonly string[] };
  /** `group_left (...)` / `group_right (...)`: many-to-one matching with labels to copy. */
  readonly group?: { readonly side: 'left' | 'right'; readonly include: readonly string[] };
}

export interface BinaryExpr {
  readonly kind: 'binary';
  readonly op: BinaryOp;
  readonly lhs: MetricExpr;
  readonly rhs: MetricExpr;
  readonly modifier: BinaryModifier;
}

/** A number (a scalar). */
export interface LiteralExpr {
  readonly kind: 'literal';
  readonly value: number;
}

/** `vector(1)`: one series with no labels. */
export interface VectorExpr {
  readonly kind: 'vector';
  readonly value: number;
}

/** `label_replace(expr, "dst", "replacement", "src", "regex")`; the regex is anchored. */
export interface LabelReplaceExpr {
  readonly kind: 'labelReplace';
  readonly expr: MetricExpr;
  readonly dst: string;
  readonly replacement: string;
  readonly src: string;
  readonly regex: string;
}

export function isLogExpr(expr: Expr): expr is LogExpr {
  return expr.kind === 'log';
}
