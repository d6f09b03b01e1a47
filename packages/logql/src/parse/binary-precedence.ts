// Loki's operator precedence, which Grafana's grammar does not follow (it reads `1 + 2 * 3` as
// `(1 + 2) * 3` and `a * b ^ c` as `(a * b) ^ c`). The reader flattens a chain of operators written
// without parentheses and rebuilds it here, as Loki's yacc grammar binds: `or` < `and`, `unless` <
// comparisons < `+`, `-` < `*`, `/`, `%` < `^`, all left-associative but `^`.
import type { BinaryOp } from '../ast';

const precedence: Record<BinaryOp, number> = {
  or: 1,
  and: 2,
  unless: 2,
  '==': 3,
  '!=': 3,
  '>': 3,
  '>=': 3,
  '<': 3,
  '<=': 3,
  '+': 4,
  '-': 4,
  '*': 5,
  '/': 5,
  '%': 5,
  '^': 6,
};

/** Operands and the operators between them (ops.length === operands.length - 1), rebuilt as a tree. */
export function bindByPrecedence<T, O extends { readonly op: BinaryOp }>(
  operands: readonly T[],
  ops: readonly O[],
  combine: (lhs: T, op: O, rhs: T) => T,
): T {
  // Precedence climbing; on entry to climb, operands[next] is the operand left of ops[next].
  let next = 0;
  const climb = (minPrecedence: number): T => {
    let lhs = operands[next] as T;
    while (next < ops.length) {
      const op = ops[next] as O;
      const p = precedence[op.op];
      if (p < minPrecedence) break;
      next++;
      const rhs = climb(op.op === '^' ? p : p + 1);
      lhs = combine(lhs, op, rhs);
    }
    return lhs;
  };
  return climb(0);
}
