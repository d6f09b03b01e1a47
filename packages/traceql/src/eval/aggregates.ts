// Scalar filters after a pipe (`count() > 2`, `avg(duration) > 2 * min(duration)`): each aggregate
// computed once per span set, the comparison on the results; a kept set carries the aggregates'
// values as attributes named like Tempo's ("count()", "avg(duration)").
import type { Aggregate, ScalarExpr, ScalarFilter } from '../ast';
import { arithmetic, sumValues } from './arithmetic';
import { compareValues, numeric } from './compare-values';
import { compileFieldExpr, staticValue } from './compile-field-expr';
import { TraceqlEvalError } from './eval-error';
import type { EvalState } from './field-access';
import { fieldExprText } from './field-names';
import { type FieldValue, type NamedValue, NIL } from './field-value';
import type { RegexCache } from './regex-cache';
import { type Stage, type WorkSet, withAttributes } from './work-set';

type Compute = (set: WorkSet, state: EvalState) => FieldValue;
interface CompiledAggregate {
  readonly name: string;
  readonly compute: Compute;
}

export function compileScalarFilter(filter: ScalarFilter, regexes: RegexCache): Stage {
  const aggregates: CompiledAggregate[] = [];
  const left = compileScalar(filter.left, aggregates, regexes);
  const right = compileScalar(filter.right, aggregates, regexes);
  return (input, state) => {
    const output: WorkSet[] = [];
    for (const set of input) {
      const values = aggregates.map((a) => a.compute(set, state));
      if (!compareValues(filter.op, left(values), right(values), regexes)) continue;
      const named: NamedValue[] = aggregates.map((a, i) => ({
        name: a.name,
        value: values[i] ?? NIL,
      }));
      output.push({ spans: set.spans, attributes: withAttributes(set.attributes, named) });
    }
    return output;
  };
}

function compileScalar(
  expr: ScalarExpr,
  aggregates: CompiledAggregate[],
  regexes: RegexCache,
): (values: readonly FieldValue[]) => FieldValue {
  switch (expr.kind) {
    case 'static': {
      const value = staticValue(expr);
      return () => value;
    }
    case 'variable':
      throw new TraceqlEvalError(
        `template variable ${expr.name} must be replaced before evaluation`,
      );
    case 'aggregate': {
      const at = aggregates.push(compileAggregate(expr, regexes)) - 1;
      return (values) => values[at] ?? NIL;
    }
    case 'arithmetic': {
      const l = compileScalar(expr.left, aggregates, regexes);
      const r = compileScalar(expr.right, aggregates, regexes);
      return (values) => arithmetic(expr.op, l(values), r(values));
    }
  }
}

function compileAggregate(agg: Aggregate, regexes: RegexCache): CompiledAggregate {
  if (agg.fn === 'count')
    return { name: 'count()', compute: (set) => ({ type: 'int', value: set.spans.length }) };
  const read = compileFieldExpr(agg.field, regexes);
  const fn = agg.fn;
  const compute: Compute = (set, state) => {
    let acc: FieldValue = NIL;
    let count = 0;
    for (const span of set.spans) {
      state.span = span;
      const v = read(state);
      if (numeric(v) === undefined) continue;
      count++;
      if (acc.type === 'nil') acc = v;
      else if (fn === 'sum' || fn === 'avg') acc = sumValues(acc, v);
      else if (compareValues(fn === 'max' ? '>' : '<', v, acc, regexes)) acc = v;
    }
    return fn === 'avg' && count > 0 ? divide(acc, count) : acc;
  };
  return { name: `${fn}(${fieldExprText(agg.field)})`, compute };
}

/** An average: a duration stays a duration (rounded to the nanosecond), numbers give a float. */
function divide(sum: FieldValue, count: number): FieldValue {
  if (sum.type === 'duration')
    return { type: 'duration', ns: BigInt(Math.round(Number(sum.ns) / count)) };
  const n = numeric(sum);
  return n === undefined ? NIL : { type: 'float', value: n / count };
}
