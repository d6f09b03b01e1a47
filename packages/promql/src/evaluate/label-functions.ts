// label_replace, label_join and sort_by_label: functions that rewrite or order by labels.
import { executionError } from '../errors';
import type { FloatHistogram } from '../histogram/float-histogram';
import { getLabel, type Labels, labelsKey, metricNameLabel, setLabel } from '../labels';
import { type AnchoredRegex, compileAnchored } from '../regex/anchored-regex';
import type { EvalSeries, Matrix, Sample, Vector } from './values';

export function isValidLabelName(name: string): boolean {
  // Prometheus 3 accepts any valid UTF-8 label name; lone surrogates stand for invalid bytes.
  return (
    name.length > 0 && !/[\uD800-\uDFFF]/u.test(name.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''))
  );
}

export function labelReplace(
  m: Matrix,
  dst: string,
  repl: string,
  src: string,
  pattern: string,
): Matrix {
  let re: AnchoredRegex;
  try {
    re = compileAnchored(pattern);
  } catch {
    throw executionError(`invalid regular expression in label_replace(): ${pattern}`);
  }
  if (!isValidLabelName(dst))
    throw executionError(`invalid destination label name in label_replace(): ${dst}`);
  const out = m.map((s) => {
    const value = re.expand(getLabel(s.metric, src), repl);
    if (value === undefined) return s;
    return {
      ...s,
      metric: setLabel(s.metric, dst, value),
      dropName: dst === metricNameLabel ? false : s.dropName,
    };
  });
  return mergeSameLabels(out);
}

export function labelJoin(m: Matrix, dst: string, sep: string, srcs: readonly string[]): Matrix {
  for (const src of srcs) {
    if (!isValidLabelName(src))
      throw executionError(`invalid source label name in label_join(): ${src}`);
  }
  if (!isValidLabelName(dst))
    throw executionError(`invalid destination label name in label_join(): ${dst}`);
  const out = m.map((s) => ({
    ...s,
    metric: setLabel(s.metric, dst, srcs.map((l) => getLabel(s.metric, l)).join(sep)),
    dropName: dst === metricNameLabel ? false : s.dropName,
  }));
  return mergeSameLabels(out);
}

/** Series that ended up with equal labels merge when their points do not collide. */
export function mergeSameLabels(m: Matrix): Matrix {
  const byKey = new Map<string, EvalSeries>();
  const out: Matrix = [];
  for (const s of m) {
    const key = labelsKey(s.metric);
    const existing = byKey.get(key);
    if (!existing) {
      byKey.set(key, s);
      out.push(s);
      continue;
    }
    const points = existing.ts.map((t, i) => [t, existing.vs[i] as number] as [number, number]);
    for (let i = 0; i < s.ts.length; i++) points.push([s.ts[i] as number, s.vs[i] as number]);
    points.sort((a, b) => a[0] - b[0]);
    const hpoints = (existing.hts ?? []).map((t, i) => [t, existing.hs?.[i]] as const);
    for (let i = 0; i < (s.hts?.length ?? 0); i++)
      hpoints.push([s.hts?.[i] as number, s.hs?.[i]] as const);
    hpoints.sort((a, b) => a[0] - b[0]);
    const times = new Set<number>();
    for (const [t] of [...points, ...hpoints]) {
      if (times.has(t))
        throw executionError('vector cannot contain metrics with the same labelset');
      times.add(t);
    }
    existing.ts = points.map((p) => p[0]);
    existing.vs = points.map((p) => p[1]);
    if (hpoints.length > 0) {
      existing.hts = hpoints.map((p) => p[0]);
      existing.hs = hpoints.map((p) => p[1] as FloatHistogram);
    }
  }
  return out;
}

/** Natural ordering of label values (numbers inside compare numerically), then by full labels. */
export function sortByLabel(vec: Vector, names: readonly string[], desc: boolean): Vector {
  const sign = desc ? -1 : 1;
  return vec.slice().sort((a: Sample, b: Sample) => {
    for (const name of names) {
      const c = naturalCompare(getLabel(a.metric, name), getLabel(b.metric, name));
      if (c !== 0) return sign * c;
    }
    return sign * compareAll(a.metric, b.metric);
  });
}

function compareAll(a: Labels, b: Labels): number {
  const ka = labelsKey(a);
  const kb = labelsKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

function naturalCompare(a: string, b: string): number {
  const chunk = /(\d+|\D+)/g;
  const pa = a.match(chunk) ?? [];
  const pb = b.match(chunk) ?? [];
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i] as string;
    const y = pb[i] as string;
    if (x === y) continue;
    const nx = /^\d/.test(x);
    const ny = /^\d/.test(y);
    if (nx && ny) {
      const d = Number(x) - Number(y);
      if (d !== 0) return d < 0 ? -1 : 1;
      return x.length - y.length;
    }
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length;
}
