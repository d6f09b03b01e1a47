// Loki folds an operator between two number literals while parsing (its reduceBinOp), so no binary
// expression has two literal legs: `1 + 2` is the literal 3, a comparison gives 1 or 0 (with or
// without bool), and division or modulo by zero gives NaN, as Loki's MergeBinOp does.
import type { BinaryOp } from '../ast';

export function foldLiterals(op: BinaryOp, a: number, b: number): number {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return b === 0 ? Number.NaN : a / b;
    case '%':
      return b === 0 ? Number.NaN : a % b;
    case '^':
      return a ** b;
    case '==':
      return a === b ? 1 : 0;
    case '!=':
      return a !== b ? 1 : 0;
    case '>':
      return a > b ? 1 : 0;
    case '>=':
      return a >= b ? 1 : 0;
    case '<':
      return a < b ? 1 : 0;
    case '<=':
      return a <= b ? 1 : 0;
    case 'and':
    case 'or':
    case 'unless':
      // Refused before folding: set operators take no literal.
      throw new Error(`cannot fold ${op}`);
  }
}
