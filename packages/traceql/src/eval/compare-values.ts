// Comparisons as Tempo's engine makes them: ints, floats and durations compare numerically with one
// another, strings by bytes or regex, booleans, statuses and kinds by equality only; any other pair
// of types, and any nil operand, is false. An array attribute matches when one element does
// (`!=` and `!~`: when every element does).
import type { ComparisonOp } from '../ast';
import type { FieldValue } from './field-value';
import type { RegexCache } from './regex-cache';

type Scalar = Exclude<FieldValue, { type: 'array' } | { type: 'nil' }>;

const STATUS_CODES = { unset: 0, ok: 1, error: 2 } as const;

export function compareValues(
  op: ComparisonOp,
  left: FieldValue,
  right: FieldValue,
  regexes: RegexCache,
): boolean {
  if (left.type === 'nil' || right.type === 'nil') return false;
  if (left.type === 'array') {
    if (right.type === 'array') return false;
    const every = op === '!=' || op === '!~';
    return every
      ? left.values.every((v) => compareValues(op, v, right, regexes))
      : left.values.some((v) => compareValues(op, v, right, regexes));
  }
  if (right.type === 'array') {
    // The regex stays on the right: `"x" =~ .patterns` is not a thing Tempo supports.
    if (op === '=~' || op === '!~') return false;
    return compareValues(flip(op), right, left, regexes);
  }
  return compareScalars(op, left, right, regexes);
}

function compareScalars(op: ComparisonOp, l: Scalar, r: Scalar, regexes: RegexCache): boolean {
  if (l.type === 'string' && r.type === 'string') {
    if (op === '=~') return regexes.matches(r.value, l.value);
    if (op === '!~') return !regexes.matches(r.value, l.value);
    return ordered(op, l.value < r.value ? -1 : l.value > r.value ? 1 : 0);
  }
  if (op === '=~' || op === '!~') return false;
  if (l.type === 'duration' && r.type === 'duration')
    return ordered(op, l.ns < r.ns ? -1 : l.ns > r.ns ? 1 : 0);
  const ln = numeric(l);
  const rn = numeric(r);
  if (ln !== undefined && rn !== undefined) {
    if (Number.isNaN(ln) || Number.isNaN(rn)) return op === '!=';
    return ordered(op, ln < rn ? -1 : ln > rn ? 1 : 0);
  }
  if (op !== '=' && op !== '!=') return false;
  const equal = equalValues(l, r);
  if (equal === undefined) return false;
  return op === '=' ? equal : !equal;
}

/** Equality of booleans, statuses (also against their int codes) and kinds; undefined: not comparable. */
function equalValues(l: Scalar, r: Scalar): boolean | undefined {
  if (l.type === 'status' && r.type === 'int') return STATUS_CODES[l.value] === r.value;
  if (l.type === 'int' && r.type === 'status') return l.value === STATUS_CODES[r.value];
  if (l.type !== r.type) return undefined;
  if (l.type === 'bool' || l.type === 'status' || l.type === 'kind')
    return l.value === (r as typeof l).value;
  return undefined;
}

export function numeric(v: FieldValue): number | undefined {
  if (v.type === 'int' || v.type === 'float') return v.value;
  if (v.type === 'duration') return Number(v.ns);
  return undefined;
}

function ordered(op: ComparisonOp, sign: number): boolean {
  switch (op) {
    case '=':
      return sign === 0;
    case '!=':
      return sign !== 0;
    case '<':
      return sign < 0;
    case '<=':
      return sign <= 0;
    case '>':
      return sign > 0;
    case '>=':
      return sign >= 0;
    default:
      return false;
  }
}

function flip(op: ComparisonOp): ComparisonOp {
  switch (op) {
    case '<':
      return '>';
    case '<=':
      return '>=';
    case '>':
      return '<';
    case '>=':
      return '<=';
    default:
      return op;
  }
}
