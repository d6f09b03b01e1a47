// A field expression (the inside of `{ }`, by(), select(), an aggregate's argument) compiled once
// into a closure over the evaluator's cursor.
import type { ArithmeticOp, ComparisonOp, FieldExpr, Static } from '../ast';
import { arithmetic, negate } from './arithmetic';
import { compareValues } from './compare-values';
import { TraceqlEvalError } from './eval-error';
import { type Accessor, type EvalState, fieldAccessor, fieldTarget } from './field-access';
import { bool, FALSE, type FieldValue, NIL, TRUE } from './field-value';
import type { RegexCache } from './regex-cache';

const COMPARISONS: ReadonlySet<string> = new Set(['=', '!=', '<', '<=', '>', '>=', '=~', '!~']);

export function staticValue(s: Static): FieldValue {
  switch (s.type) {
    case 'nil':
      return NIL;
    case 'duration':
      return { type: 'duration', ns: s.ns };
    case 'bool':
      return s.value ? TRUE : FALSE;
    case 'string':
      return { type: 'string', value: s.value };
    case 'int':
      return { type: 'int', value: s.value };
    case 'float':
      return { type: 'float', value: s.value };
    case 'status':
      return { type: 'status', value: s.value };
    case 'kind':
      return { type: 'kind', value: s.value };
  }
}

export function compileFieldExpr(expr: FieldExpr, regexes: RegexCache): Accessor {
  switch (expr.kind) {
    case 'static': {
      const value = staticValue(expr);
      return () => value;
    }
    case 'intrinsic':
    case 'attribute':
      return fieldAccessor(expr);
    case 'variable':
      throw new TraceqlEvalError(
        `template variable ${expr.name} must be replaced before evaluation`,
      );
    case 'unary': {
      const operand = compileFieldExpr(expr.operand, regexes);
      if (expr.op === '-') return (s) => negate(operand(s));
      return (s) => {
        const v = operand(s);
        return v.type === 'bool' ? bool(!v.value) : NIL;
      };
    }
    case 'binary':
      return compileBinary(expr.op, expr.left, expr.right, regexes);
  }
}

function compileBinary(
  op: string,
  leftExpr: FieldExpr,
  rightExpr: FieldExpr,
  regexes: RegexCache,
): Accessor {
  const left = compileFieldExpr(leftExpr, regexes);
  const right = compileFieldExpr(rightExpr, regexes);
  if (op === '&&') return (s) => bool(isTrue(left(s)) && isTrue(right(s)));
  if (op === '||') return (s) => bool(isTrue(left(s)) || isTrue(right(s)));
  if (COMPARISONS.has(op))
    return compileComparison(op as ComparisonOp, leftExpr, rightExpr, regexes);
  if (op === '~')
    throw new TraceqlEvalError('operator ~ is not supported inside a span set filter');
  const arith = op as ArithmeticOp;
  return (s) => arithmetic(arith, left(s), right(s));
}

const isNilStatic = (e: FieldExpr) => e.kind === 'static' && e.type === 'nil';

function compileComparison(
  op: ComparisonOp,
  leftExpr: FieldExpr,
  rightExpr: FieldExpr,
  regexes: RegexCache,
): Accessor {
  // `= nil` matches absence and `!= nil` presence; any other comparison with nil is false.
  if ((op === '=' || op === '!=') && (isNilStatic(leftExpr) || isNilStatic(rightExpr))) {
    const other = compileFieldExpr(isNilStatic(leftExpr) ? rightExpr : leftExpr, regexes);
    const absent = op === '=';
    return (s) => bool((other(s).type === 'nil') === absent);
  }
  // A static pattern is compiled now, so a bad one fails the query before any span is read.
  if ((op === '=~' || op === '!~') && rightExpr.kind === 'static' && rightExpr.type === 'string')
    regexes.compile(rightExpr.value);
  const left = compileFieldExpr(leftExpr, regexes);
  const right = compileFieldExpr(rightExpr, regexes);
  return (s) => bool(compareValues(op, left(s), right(s), regexes));
}

const isTrue = (v: FieldValue) => v.type === 'bool' && v.value;

/** Every field the expression reads. */
export function* fieldsOf(
  expr: FieldExpr,
): Generator<Extract<FieldExpr, { kind: 'intrinsic' | 'attribute' }>> {
  switch (expr.kind) {
    case 'intrinsic':
    case 'attribute':
      yield expr;
      return;
    case 'unary':
      yield* fieldsOf(expr.operand);
      return;
    case 'binary':
      yield* fieldsOf(expr.left);
      yield* fieldsOf(expr.right);
      return;
  }
}

/** A span set filter: true when the expression is true for the span (at some event and link, when it reads them). */
export function compileSpanFilter(expr: FieldExpr, regexes: RegexCache): (s: EvalState) => boolean {
  const test = compileFieldExpr(expr, regexes);
  const targets = new Set([...fieldsOf(expr)].map(fieldTarget));
  const events = targets.has('event');
  const links = targets.has('link');
  const atLinks = links
    ? (s: EvalState): boolean => {
        const all = s.span.links;
        s.link = undefined;
        if (all.length === 0) return isTrue(test(s));
        let found = false;
        for (const link of all) {
          s.link = link;
          found = isTrue(test(s));
          if (found) break;
        }
        s.link = undefined;
        return found;
      }
    : (s: EvalState) => isTrue(test(s));
  if (!events) return atLinks;
  return (s) => {
    const all = s.span.events;
    s.event = undefined;
    if (all.length === 0) return atLinks(s);
    let found = false;
    for (const event of all) {
      s.event = event;
      found = atLinks(s);
      if (found) break;
    }
    s.event = undefined;
    return found;
  };
}
