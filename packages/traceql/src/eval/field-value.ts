// The values the evaluator computes and the span sets it returns.
import type { KindValue, StatusValue } from '../ast';
import type { AttributeValue, TraceqlSpan } from './trace-model';

/** An attribute's value or an intrinsic's; nil when a field is absent. */
export type FieldValue =
  | AttributeValue
  | { readonly type: 'duration'; readonly ns: bigint }
  | { readonly type: 'status'; readonly value: StatusValue }
  | { readonly type: 'kind'; readonly value: KindValue }
  | { readonly type: 'nil' };

/**
 * A value with the key Tempo's search results give it: an attribute's name without its scope
 * ("http.route", "service.name"), an intrinsic's name ("status", "kind"), a span set's
 * "count()", "avg(duration)" or "by(resource.service.name)".
 */
export interface NamedValue {
  readonly name: string;
  readonly value: FieldValue;
}

export interface MatchedSpan {
  readonly span: TraceqlSpan;
  /** The attributes the query names (conditions, select(), by(), aggregates), as this span has them. */
  readonly attributes: readonly NamedValue[];
}

export interface Spanset {
  readonly spans: readonly MatchedSpan[];
  /** by() groups and aggregate values. */
  readonly attributes: readonly NamedValue[];
}

export const NIL: FieldValue = { type: 'nil' };
export const TRUE: FieldValue = { type: 'bool', value: true };
export const FALSE: FieldValue = { type: 'bool', value: false };

export const bool = (b: boolean): FieldValue => (b ? TRUE : FALSE);
