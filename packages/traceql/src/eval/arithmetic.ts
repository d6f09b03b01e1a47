// Arithmetic in field and scalar expressions, as Tempo's engine does it: two ints give an int
// (division truncates; by zero gives nil), any other pair of numbers (floats, durations) a float;
// anything else is nil. Aggregates' sums keep a duration a duration.
import type { ArithmeticOp } from '../ast';
import { numeric } from './compare-values';
import { type FieldValue, NIL } from './field-value';

export function arithmetic(op: ArithmeticOp, left: FieldValue, right: FieldValue): FieldValue {
  if (left.type === 'int' && right.type === 'int')
    return intArithmetic(op, left.value, right.value);
  const l = numeric(left);
  const r = numeric(right);
  if (l === undefined || r === undefined) return NIL;
  return { type: 'float', value: floatArithmetic(op, l, r) };
}

function intArithmetic(op: ArithmeticOp, l: number, r: number): FieldValue {
  let value: number;
  switch (op) {
    case '+':
      value = l + r;
      break;
    case '-':
      value = l - r;
      break;
    case '*':
      value = l * r;
      break;
    case '/':
      if (r === 0) return NIL;
      value = Math.trunc(l / r);
      break;
    case '%':
      if (r === 0) return NIL;
      value = l % r;
      break;
    case '^':
      value = Math.trunc(l ** r);
      break;
  }
  return { type: 'int', value };
}

function floatArithmetic(op: ArithmeticOp, l: number, r: number): number {
  switch (op) {
    case '+':
      return l + r;
    case '-':
      return l - r;
    case '*':
      return l * r;
    case '/':
      return l / r;
    case '%':
      return l % r;
    case '^':
      return l ** r;
  }
}

export function negate(value: FieldValue): FieldValue {
  switch (value.type) {
    case 'int':
    case 'float':
      return { type: value.type, value: -value.value };
    case 'duration':
      return { type: 'duration', ns: -value.ns };
    default:
      return NIL;
  }
}

/** Sum of two aggregate inputs: durations stay durations, ints ints. */
export function sumValues(left: FieldValue, right: FieldValue): FieldValue {
  if (left.type === 'duration' && right.type === 'duration')
    return { type: 'duration', ns: left.ns + right.ns };
  return arithmetic('+', left, right);
}
