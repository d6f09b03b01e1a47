// The evaluator's own span sets while a query runs: spans as the trace holds them; the attributes
// each returned span shows are read once at the end.
import type { EvalState } from './field-access';
import type { NamedValue } from './field-value';
import type { TraceqlSpan } from './trace-model';

export interface WorkSet {
  readonly spans: readonly TraceqlSpan[];
  readonly attributes: readonly NamedValue[];
}

/** One step of a query: span sets in, span sets out. */
export type Stage = (input: readonly WorkSet[], state: EvalState) => readonly WorkSet[];

/** The set's attributes with `added` set (a name already there takes the new value). */
export function withAttributes(
  attributes: readonly NamedValue[],
  added: readonly NamedValue[],
): NamedValue[] {
  const names = new Set(added.map((a) => a.name));
  return [...attributes.filter((a) => !names.has(a.name)), ...added];
}
