// Values flowing between evaluator nodes. Instant-vector expressions evaluate to a Matrix holding one
// point per evaluation step (as Prometheus's engine does); scalars are a Matrix of one unlabelled series.
import type { FloatHistogram } from '../histogram/float-histogram';
import type { Labels } from '../labels';

export interface Sample {
  metric: Labels;
  f: number;
  /** A native-histogram sample: set, it is the value and `f` is meaningless. */
  h?: FloatHistogram;
  /** Timestamp in ms: the step time, or the sample time where that matters (timestamp()). */
  t: number;
  /** Prometheus 3 drops __name__ late: set when a function or operator would have dropped it. */
  dropName: boolean;
}

export type Vector = Sample[];

export interface EvalSeries {
  metric: Labels;
  ts: number[];
  vs: number[];
  /**
   * Native-histogram points, apart from the float ones as in Prometheus's Series: code that only
   * knows floats drops them, as Prometheus does for float-only functions. At one time a series has
   * a float or a histogram, never both.
   */
  hts?: number[];
  hs?: FloatHistogram[];
  dropName: boolean;
}

export type Matrix = EvalSeries[];

export interface StringValue {
  readonly kind: 'string';
  readonly value: string;
}

export type EvalValue = Matrix | StringValue;

export function isStringValue(v: EvalValue): v is StringValue {
  return !Array.isArray(v);
}

/** Whether any series of a matrix has histogram points (checked once per series, not per point). */
export function hasHistograms(m: Matrix): boolean {
  return m.some((s) => s.hs !== undefined && s.hs.length > 0);
}
