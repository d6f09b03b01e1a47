/**
 * What the TraceQL evaluator (@otel-lab/traceql) answers for one trace, as this search reads it:
 * span sets, each with its spans and the values to show beside them.
 */
import type {
  AttributeValue,
  KindValue,
  StatusValue,
  TraceqlQuery,
  TraceqlSpan,
  TraceqlTrace,
} from '@otel-lab/traceql';

export type FieldValue =
  | AttributeValue
  | { readonly type: 'duration'; readonly ns: bigint }
  | { readonly type: 'status'; readonly value: StatusValue }
  | { readonly type: 'kind'; readonly value: KindValue }
  | { readonly type: 'nil' };

export interface NamedValue {
  readonly name: string;
  readonly value: FieldValue;
}

export interface EvaluatedSpanset {
  readonly spans: readonly {
    readonly span: TraceqlSpan;
    readonly attributes: readonly NamedValue[];
  }[];
  readonly attributes: readonly NamedValue[];
}

export type EvaluateTrace = (
  query: TraceqlQuery,
  trace: TraceqlTrace,
) => readonly EvaluatedSpanset[];
