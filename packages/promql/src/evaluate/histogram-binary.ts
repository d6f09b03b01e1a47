// One binary operation between two vector elements of which at least one may be a native histogram,
// as Prometheus's vectorElemBinop: which operators a histogram allows, what they give, and the
// annotations they raise. Float-only pairs never come here (binary.ts keeps its own fast path).
import type { BinaryOp } from '../ast';
import { addHistograms, subtractHistograms } from '../histogram/add';
import { compactHistogram } from '../histogram/compact';
import { histogramsEqual } from '../histogram/equals';
import type { FloatHistogram } from '../histogram/float-histogram';
import { divideHistogram, multiplyHistogram } from '../histogram/scale';
import { trimHistogram } from '../histogram/trim';

export interface ElemResult {
  f: number;
  h: FloatHistogram | undefined;
  /** For comparisons: whether the comparison holds (the sample stays, or bool gives 1). */
  keep: boolean;
  /** Incompatible operands: no result at all, not even with bool. */
  drop?: boolean;
  info?: string;
  warning?: string;
}

export const incompatibleTypesMessage = (lhs: string, op: BinaryOp, rhs: string): string =>
  `incompatible sample types encountered for binary operator "${op}": ${lhs} ${op} ${rhs}`;

const incompatibleLayoutMessage = (op: BinaryOp): string =>
  `incompatible bucket layout encountered for binary operator ${op}`;

const collisionMessage = (operation: string): string =>
  `conflicting counter resets during histogram ${operation}`;

const reconciledMessage = (operation: string): string =>
  `mismatched custom buckets were reconciled during ${operation}`;

const dropped = (info?: string, warning?: string): ElemResult => ({
  f: 0,
  h: undefined,
  keep: false,
  drop: true,
  info,
  warning,
});

/** `op` on a pair of which at least one side is a histogram (`hl`/`hr` set), or a trim of floats. */
export function histogramElemOp(
  op: BinaryOp,
  l: number,
  r: number,
  hl: FloatHistogram | undefined,
  hr: FloatHistogram | undefined,
): ElemResult {
  if (hl && hr) return histogramPair(op, hl, hr);
  if (hr) {
    if (op === '*') return { f: 0, h: compactHistogram(multiplyHistogram(hr, l)), keep: true };
    return dropped(incompatibleTypesMessage('float', op, 'histogram'));
  }
  if (hl) {
    switch (op) {
      case '*':
        return { f: 0, h: compactHistogram(multiplyHistogram(hl, r)), keep: true };
      case '/':
        return { f: 0, h: compactHistogram(divideHistogram(hl, r)), keep: true };
      case '</':
      case '>/':
        return { f: 0, h: trimHistogram(hl, r, op === '</'), keep: true };
      default:
        return dropped(incompatibleTypesMessage('histogram', op, 'float'));
    }
  }
  // Two floats come here only for the trim operators, which need a histogram on the left.
  return dropped(incompatibleTypesMessage('float', op, 'float'));
}

function histogramPair(op: BinaryOp, hl: FloatHistogram, hr: FloatHistogram): ElemResult {
  switch (op) {
    case '+':
    case '-': {
      const res = op === '+' ? addHistograms(hl, hr) : subtractHistograms(hl, hr);
      if (!res.ok) return dropped(undefined, incompatibleLayoutMessage(op));
      const operation = op === '+' ? 'addition' : 'subtraction';
      const h = res.histogram;
      // A difference of counters is no counter: Prometheus marks it a gauge.
      if (op === '-') h.counterResetHint = 'gauge';
      return {
        f: 0,
        h: compactHistogram(h),
        keep: true,
        warning: res.counterResetCollision ? collisionMessage(operation) : undefined,
        info: res.customBoundsReconciled ? reconciledMessage(operation) : undefined,
      };
    }
    case '==':
      return { f: 0, h: hl, keep: histogramsEqual(hl, hr) };
    case '!=':
      return { f: 0, h: hl, keep: !histogramsEqual(hl, hr) };
    default:
      return dropped(incompatibleTypesMessage('histogram', op, 'histogram'));
  }
}
