// The evaluator's public face: a parsed query run on one trace. Each query compiles once (kept
// while the query object lives), so a search calls evaluateTrace on thousands of traces cheaply.
import type { Expr, Field, TraceqlQuery } from '../ast';
import { compileExpr } from './compile-expr';
import { TraceqlEvalError } from './eval-error';
import type { EvalState } from './field-access';
import type { FieldValue, NamedValue, Spanset } from './field-value';
import { compileShownAttributes, readAnywhere, type ShownAttributes } from './query-fields';
import { RegexCache } from './regex-cache';
import { traceIndex } from './trace-index';
import type { TraceqlSpan, TraceqlTrace } from './trace-model';
import type { Stage, WorkSet } from './work-set';

interface CompiledQuery {
  readonly stage: Stage;
  readonly shown: ShownAttributes;
}

const searches = new WeakMap<TraceqlQuery, CompiledQuery>();
const selections = new WeakMap<TraceqlQuery, Stage>();

const METRICS_KINDS: ReadonlySet<string> = new Set(['metrics', 'compare', 'topk', 'bottomk']);

/** True when a span query (no metrics stage) is answerable by evaluateTrace. */
export function isSearchQuery(query: TraceqlQuery): boolean {
  const search = (e: Expr): boolean => {
    if (METRICS_KINDS.has(e.kind)) return false;
    if (e.kind === 'pipeline') return e.stages.every(search);
    if (e.kind === 'spansetOperation') return search(e.left) && search(e.right);
    return true;
  };
  return search(query.expr);
}

/** The span sets of `trace` that `query` selects ([] when the trace does not match). */
export function evaluateTrace(query: TraceqlQuery, trace: TraceqlTrace): Spanset[] {
  let compiled = searches.get(query);
  if (!compiled) {
    if (!isSearchQuery(query))
      throw new TraceqlEvalError('metrics queries are answered by the metrics API, not by search');
    const regexes = new RegexCache();
    compiled = {
      stage: compileExpr(query.expr, regexes),
      shown: compileShownAttributes(query.expr),
    };
    searches.set(query, compiled);
  }
  const sets = run(compiled.stage, trace);
  if (sets.length === 0) return [];
  const state = cursor(trace);
  const shown = new Map<TraceqlSpan, readonly NamedValue[]>();
  return sets.map((set) => ({
    attributes: set.attributes,
    spans: set.spans.map((span) => {
      let attributes = shown.get(span);
      if (!attributes) {
        state.span = span;
        attributes = compiled.shown(state);
        shown.set(span, attributes);
      }
      return { span, attributes };
    }),
  }));
}

/** For TraceQL metrics: the spans the stages before the metrics function match, each once. */
export function matchingSpans(query: TraceqlQuery, trace: TraceqlTrace): TraceqlSpan[] {
  let stage = selections.get(query);
  if (!stage) {
    stage = compileExpr(selectionOf(query.expr), new RegexCache());
    selections.set(query, stage);
  }
  const spans = new Set<TraceqlSpan>();
  for (const set of run(stage, trace)) for (const span of set.spans) spans.add(span);
  return [...spans];
}

/** The value of a field for one span of a trace (an event or link field: the first that has it). */
export function fieldValue(field: Field, span: TraceqlSpan, trace: TraceqlTrace): FieldValue {
  const state = cursor(trace);
  state.span = span;
  return readAnywhere(field)(state);
}

function selectionOf(expr: Expr): Expr {
  if (expr.kind !== 'pipeline') return expr;
  const end = expr.stages.findIndex((s) => METRICS_KINDS.has(s.kind));
  if (end === 0) throw new TraceqlEvalError('a metrics function needs a span set to read');
  return end < 0 ? expr : { kind: 'pipeline', stages: expr.stages.slice(0, end) };
}

function run(stage: Stage, trace: TraceqlTrace): readonly WorkSet[] {
  if (trace.spans.length === 0) return [];
  return stage([{ spans: trace.spans, attributes: [] }], cursor(trace));
}

function cursor(trace: TraceqlTrace): EvalState {
  const span = trace.spans[0] as TraceqlSpan;
  return { span, index: traceIndex(trace), event: undefined, link: undefined };
}
