// A query's expression compiled into stages: span set filters, span set operators, pipelines,
// scalar filters, by(), select(), coalesce(). Metrics stages are not evaluable as a search.
import type { Expr, SpansetOperation } from '../ast';
import { compileScalarFilter } from './aggregates';
import { compileSpanFilter } from './compile-field-expr';
import { TraceqlEvalError } from './eval-error';
import { coalesceStage, compileGroupBy, selectStage } from './group-by';
import type { RegexCache } from './regex-cache';
import { isStructural, structural } from './structural';
import type { TraceqlSpan } from './trace-model';
import type { Stage, WorkSet } from './work-set';

export function compileExpr(expr: Expr, regexes: RegexCache): Stage {
  switch (expr.kind) {
    case 'spansetFilter': {
      const test = compileSpanFilter(expr.filter, regexes);
      return (input, state) => {
        const output: WorkSet[] = [];
        for (const set of input) {
          const spans = set.spans.filter((span) => {
            state.span = span;
            return test(state);
          });
          if (spans.length === set.spans.length) output.push(set);
          else if (spans.length > 0) output.push({ spans, attributes: set.attributes });
        }
        return output;
      };
    }
    case 'spansetOperation':
      return compileOperation(expr, regexes);
    case 'pipeline': {
      const stages = expr.stages.map((s) => compileExpr(s, regexes));
      return (input, state) => {
        let sets = input;
        for (const stage of stages) {
          if (sets.length === 0) break;
          sets = stage(sets, state);
        }
        return sets;
      };
    }
    case 'scalarFilter':
      return compileScalarFilter(expr, regexes);
    case 'by':
      return compileGroupBy(expr.fields, regexes);
    case 'select':
      return selectStage;
    case 'coalesce':
      return coalesceStage;
    case 'metrics':
      throw new TraceqlEvalError(`${expr.fn}() is a metrics function: not a search query`);
    case 'compare':
      throw new TraceqlEvalError('compare() is a metrics function: not a search query');
    case 'topk':
    case 'bottomk':
      throw new TraceqlEvalError(`${expr.kind}() applies to metrics: not a search query`);
  }
}

function compileOperation(expr: SpansetOperation, regexes: RegexCache): Stage {
  const left = compileExpr(expr.left, regexes);
  const right = compileExpr(expr.right, regexes);
  const op = expr.op;
  return (input, state) => {
    const output: WorkSet[] = [];
    for (const set of input) {
      const l = left([set], state);
      const r = right([set], state);
      let spans: readonly TraceqlSpan[];
      if (op === '&&' || op === '||') {
        if (op === '&&' ? l.length === 0 || r.length === 0 : l.length === 0 && r.length === 0)
          continue;
        spans = unique([...l, ...r]);
      } else if (isStructural(op)) {
        if (l.length > 1 || r.length > 1)
          throw new TraceqlEvalError(
            'spanset operators are not supported for multiple spansets per trace. consider using coalesce()',
          );
        const rightSpans = r[0]?.spans ?? [];
        spans =
          rightSpans.length === 0 ? [] : structural(op, l[0]?.spans ?? [], rightSpans, state.index);
      } else throw new TraceqlEvalError(`span set operator ${op} is not supported`);
      if (spans.length > 0) output.push({ spans, attributes: set.attributes });
    }
    return output;
  };
}

function unique(sets: readonly WorkSet[]): TraceqlSpan[] {
  const seen = new Set<TraceqlSpan>();
  for (const set of sets) for (const span of set.spans) seen.add(span);
  return [...seen];
}
