// vector <op> scalar (or scalar <op> vector) at one step when the vector holds native histograms or
// the operator is a trim, as Prometheus's VectorscalarBinop. Float-only vectors keep the series-wise
// path of binary-series.ts.
import { type BinaryOp, isComparisonOp } from '../ast';
import type { AnnotationSink } from './annotations';
import { scalarOp } from './binary';
import { histogramElemOp } from './histogram-binary';
import type { Sample, Vector } from './values';

export function vectorScalarStep(
  op: BinaryOp,
  vector: Vector,
  scalar: number,
  swap: boolean,
  returnBool: boolean,
  note: AnnotationSink,
): Vector {
  const comparison = isComparisonOp(op);
  // Arithmetic drops the metric name; comparisons and trims keep it unless bool turns them to 1/0.
  const dropsName = returnBool || !(comparison || op === '</' || op === '>/');
  const out: Vector = [];
  for (const s of vector) {
    let f: number;
    let h: Sample['h'];
    let keep = true;
    if (s.h === undefined && !(op === '</' || op === '>/')) {
      const r = swap ? scalarOp(op, scalar, s.f) : scalarOp(op, s.f, scalar);
      if (comparison) {
        keep = r === 1;
        f = s.f;
      } else f = r;
    } else {
      const res = swap
        ? histogramElemOp(op, scalar, s.f, undefined, s.h)
        : histogramElemOp(op, s.f, scalar, s.h, undefined);
      if (res.info) note('info', res.info);
      if (res.drop) continue;
      ({ f, h, keep } = res);
    }
    if (returnBool) {
      f = keep ? 1 : 0;
      h = undefined;
    } else if (!keep) continue;
    const dropName = s.dropName || dropsName;
    out.push(
      h
        ? { metric: s.metric, f: 0, h, t: s.t, dropName }
        : { metric: s.metric, f, t: s.t, dropName },
    );
  }
  return out;
}
