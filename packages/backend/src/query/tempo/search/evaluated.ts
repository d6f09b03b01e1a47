/**
 * What the TraceQL evaluator (@otel-lab/traceql) answers for one trace, as this search reads it:
 * span sets, each with its spans and the values to show beside them. Tests may pass their own.
 */
import type { evaluateTrace, FieldValue, NamedValue, Spanset } from '@otel-lab/traceql';

export type { FieldValue, NamedValue };
export type EvaluatedSpanset = Spanset;
export type EvaluateTrace = typeof evaluateTrace;
