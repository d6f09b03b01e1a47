// Static types of PromQL expressions and the type rules Prometheus's parser enforces.
import { type Expr, isComparisonOp, isSetOp, type ValueType } from '../ast';
import { functionSignatures } from './function-signatures';

const typeNames: Record<ValueType, string> = {
  scalar: 'scalar',
  vector: 'instant vector',
  matrix: 'range vector',
  string: 'string',
};

export function describeType(t: ValueType): string {
  return typeNames[t];
}

export function typeOf(e: Expr): ValueType {
  switch (e.kind) {
    case 'number':
      return 'scalar';
    case 'string':
      return 'string';
    case 'vectorSelector':
    case 'aggregate':
      return 'vector';
    case 'matrixSelector':
    case 'subquery':
      return 'matrix';
    case 'call':
      return functionSignatures.get(e.name)?.returnType ?? 'vector';
    case 'paren':
    case 'unary':
      return typeOf(e.expr);
    case 'binary':
      return typeOf(e.lhs) === 'scalar' && typeOf(e.rhs) === 'scalar' ? 'scalar' : 'vector';
  }
}

/** Reports an error at the start of the given node. */
type Report = (message: string, at?: Expr) => never;

/** Walks the tree and reports the first type error in Prometheus's words. */
export function checkTypes(e: Expr, fail: Report): void {
  switch (e.kind) {
    case 'paren':
      checkTypes(e.expr, fail);
      return;
    case 'unary': {
      checkTypes(e.expr, fail);
      const t = typeOf(e.expr);
      if (t !== 'scalar' && t !== 'vector') {
        fail('unary expression only allowed on expressions of type scalar or instant vector', e);
      }
      return;
    }
    case 'subquery': {
      checkTypes(e.expr, fail);
      const t = typeOf(e.expr);
      if (t !== 'vector') fail(`subquery is only allowed on instant vector, got ${t} instead`, e);
      return;
    }
    case 'matrixSelector':
      return;
    case 'aggregate': {
      checkTypes(e.expr, fail);
      if (e.param) checkTypes(e.param, fail);
      const t = typeOf(e.expr);
      if (t !== 'vector') {
        fail(
          `expected type instant vector in aggregation expression, got ${describeType(t)}`,
          e.expr,
        );
      }
      if (e.param) {
        const want = e.op === 'count_values' ? 'string' : 'scalar';
        const got = typeOf(e.param);
        if (got !== want) {
          fail(
            `expected type ${describeType(want)} in aggregation parameter, got ${describeType(got)}`,
            e.param,
          );
        }
      }
      return;
    }
    case 'call':
      checkCall(e, fail);
      return;
    case 'binary': {
      checkTypes(e.lhs, fail);
      checkTypes(e.rhs, fail);
      const lt = typeOf(e.lhs);
      const rt = typeOf(e.rhs);
      if ((lt !== 'scalar' && lt !== 'vector') || (rt !== 'scalar' && rt !== 'vector')) {
        fail('binary expression must contain only scalar and instant vector types', e);
      }
      if (e.returnBool && !isComparisonOp(e.op)) {
        fail('bool modifier can only be used on comparison operators', e);
      }
      if (isComparisonOp(e.op) && lt === 'scalar' && rt === 'scalar' && !e.returnBool) {
        fail('comparisons between scalars must use BOOL modifier', e);
      }
      const vectors = lt === 'vector' && rt === 'vector';
      if (isSetOp(e.op) && !vectors) {
        fail(`set operator "${e.op}" not allowed in binary scalar expression`, e);
      }
      if (!vectors && e.matching && (e.matching.labels.length > 0 || e.matching.on)) {
        fail('vector matching only allowed between instant vectors', e);
      }
      if (!vectors && e.matching && e.matching.card !== 'one-to-one' && !isSetOp(e.op)) {
        fail('vector matching only allowed between instant vectors', e);
      }
      return;
    }
    default:
      return;
  }
}

function checkCall(e: Extract<Expr, { kind: 'call' }>, fail: Report): void {
  const sig = functionSignatures.get(e.name);
  if (!sig) fail(`unknown function with name "${e.name}"`, e);
  for (const a of e.args) checkTypes(a, fail);
  const n = e.args.length;
  const fixed = sig.argTypes.length;
  if (sig.variadic === 0 && n !== fixed) {
    fail(`expected ${fixed} argument(s) in call to "${e.name}", got ${n}`, e);
  }
  if (sig.variadic > 0) {
    const min = fixed - 1;
    const max = fixed + sig.variadic - 1;
    if (n < min) fail(`expected at least ${min} argument(s) in call to "${e.name}", got ${n}`, e);
    if (n > max) fail(`expected at most ${max} argument(s) in call to "${e.name}", got ${n}`, e);
  }
  if (sig.variadic < 0 && n < fixed - 1) {
    fail(`expected at least ${fixed - 1} argument(s) in call to "${e.name}", got ${n}`, e);
  }
  e.args.forEach((arg, i) => {
    const want = sig.argTypes[Math.min(i, fixed - 1)] as ValueType;
    const got = typeOf(arg);
    if (got !== want) {
      fail(
        `expected type ${describeType(want)} in call to function "${e.name}", got ${describeType(got)}`,
        arg,
      );
    }
  });
}
