// Binary operators: arithmetic and comparisons on scalars and vectors, vector matching
// (on/ignoring, group_left/group_right, bool) and the set operators and/or/unless.
import type { BinaryOp, VectorMatching } from '../ast';
import { isComparisonOp, isTrimOp } from '../ast';
import { executionError } from '../errors';
import {
  dropMetricName,
  formatLabelsGo,
  keyWith,
  keyWithout,
  type Label,
  type Labels,
  labelsKey,
  metricNameLabel,
  sortLabels,
} from '../labels';
import type { AnnotationSink } from './annotations';
import { histogramElemOp } from './histogram-binary';
import type { Sample, Vector } from './values';

/** Applies an arithmetic or comparison operator; comparisons return 1/0 as booleans. */
export function scalarOp(op: BinaryOp, l: number, r: number): number {
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
      return goMod(l, r);
    case '^':
      return goPow(l, r);
    case 'atan2':
      return Math.atan2(l, r);
    case '==':
      return l === r ? 1 : 0;
    case '!=':
      return l !== r ? 1 : 0;
    case '>':
      return l > r ? 1 : 0;
    case '<':
      return l < r ? 1 : 0;
    case '>=':
      return l >= r ? 1 : 0;
    case '<=':
      return l <= r ? 1 : 0;
    default:
      throw executionError(`operator "${op}" not allowed for scalars`);
  }
}

// Go's math.Mod: the result has the sign of the dividend, like JS %.
function goMod(l: number, r: number): number {
  return l % r;
}

// Go's math.Pow differs from JS ** for 1^NaN and (-1)^±Inf, which are 1 in Go.
function goPow(l: number, r: number): number {
  if (l === 1) return 1;
  if (l === -1 && !Number.isFinite(r) && !Number.isNaN(r)) return 1;
  return l ** r;
}

/** A comparison keeps the sample when true; arithmetic always keeps it. */
function vectorElemOp(op: BinaryOp, l: number, r: number): { value: number; keep: boolean } {
  if (isComparisonOp(op)) return { value: l, keep: scalarOp(op, l, r) === 1 };
  return { value: scalarOp(op, l, r), keep: true };
}

function changesSchema(op: BinaryOp): boolean {
  return !isComparisonOp(op) && !isTrimOp(op);
}

export type MatchingSignature = (labels: Labels) => string;

/** The matching signature of a label set, cached per set: the same series recur at every step. */
export function signatureFunction(matching: VectorMatching): MatchingSignature {
  const cache = new WeakMap<Labels, string>();
  const on = matching.on;
  const names = new Set(on ? matching.labels : [...matching.labels, metricNameLabel]);
  return (labels) => {
    let sig = cache.get(labels);
    if (sig === undefined) {
      sig = on ? keyWith(labels, names) : keyWithout(labels, names);
      cache.set(labels, sig);
    }
    return sig;
  };
}

/** Result label sets by (left, right) input label sets; kept across steps by the caller. */
export type ResultMetricCache = Map<Labels, Map<Labels, Labels>>;

export function vectorBinop(
  op: BinaryOp,
  lhsIn: Vector,
  rhsIn: Vector,
  matching: VectorMatching,
  returnBool: boolean,
  sig: MatchingSignature,
  resultMetrics: ResultMetricCache = new Map(),
  note?: AnnotationSink,
): Vector {
  const trim = isTrimOp(op);
  const filling = matching.fillLeft !== undefined || matching.fillRight !== undefined;
  if (lhsIn.length === 0 && rhsIn.length === 0) return [];
  if ((lhsIn.length === 0 || rhsIn.length === 0) && !filling) return [];
  const swapped = matching.card === 'one-to-many';
  const lhs = swapped ? rhsIn : lhsIn;
  const rhs = swapped ? lhsIn : rhsIn;
  const rightBySig = new Map<string, Sample>();
  for (const rs of rhs) {
    const key = sig(rs.metric);
    const dup = rightBySig.get(key);
    if (dup) {
      const side = swapped ? 'left' : 'right';
      let a = formatLabelsGo(rs.metric);
      let b = formatLabelsGo(dup.metric);
      if (a > b) [a, b] = [b, a];
      throw executionError(
        `found duplicate series for the match group ${matchGroup(rs.metric, matching)} on the ${side} hand-side of the operation: [${a}, ${b}];many-to-many matching not allowed: matching labels must be unique on one side`,
      );
    }
    rightBySig.set(key, rs);
  }
  const matchedOneToOne = new Set<string>();
  const matchedMany = new Map<string, Set<string>>();
  const resultCache = resultMetrics;
  const out: Vector = [];
  const apply = (ls: Sample, rs: Sample, key: string) => {
    const l = swapped ? rs : ls;
    const r = swapped ? ls : rs;
    let value: number;
    let keep: boolean;
    let h: Sample['h'];
    if (l.h === undefined && r.h === undefined && !trim)
      ({ value, keep } = vectorElemOp(op, l.f, r.f));
    else {
      const res = histogramElemOp(op, l.f, r.f, l.h, r.h);
      if (res.info) note?.('info', res.info);
      if (res.warning) note?.('warning', res.warning);
      if (res.drop) return;
      ({ keep, h } = res);
      value = res.f;
    }
    if (returnBool) {
      value = keep ? 1 : 0;
      h = undefined;
    }
    let byRight = resultCache.get(ls.metric);
    if (!byRight) {
      byRight = new Map();
      resultCache.set(ls.metric, byRight);
    }
    let metric = byRight.get(rs.metric);
    if (!metric) {
      metric = resultMetricFor(ls.metric, rs.metric, op, matching);
      byRight.set(rs.metric, metric);
    }
    if (matching.card === 'one-to-one') {
      if (matchedOneToOne.has(key)) {
        throw executionError(
          'multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)',
        );
      }
      matchedOneToOne.add(key);
    } else {
      let inserted = matchedMany.get(key);
      if (!inserted) {
        inserted = new Set();
        matchedMany.set(key, inserted);
      }
      const metricKey = labelsKey(metric);
      if (inserted.has(metricKey)) {
        throw executionError(
          'multiple matches for labels: grouping labels must ensure unique matches',
        );
      }
      inserted.add(metricKey);
    }
    if (!keep && !returnBool) return;
    out.push(
      h
        ? { metric, f: 0, h, t: ls.t, dropName: returnBool }
        : { metric, f: value, t: ls.t, dropName: returnBool },
    );
  };
  for (const ls of lhs) {
    const key = sig(ls.metric);
    let rs = rightBySig.get(key);
    if (!rs) {
      // fill_right(v): a missing right-hand sample takes the value v.
      if (matching.fillRight === undefined) continue;
      rs = {
        metric: matchLabels(ls.metric, matching),
        f: matching.fillRight,
        t: ls.t,
        dropName: false,
      };
    }
    apply(ls, rs, key);
  }
  if (matching.fillLeft !== undefined) {
    for (const rs of rhs) {
      const key = sig(rs.metric);
      if (
        matching.card === 'one-to-one'
          ? matchedOneToOne.has(key)
          : (matchedMany.get(key)?.size ?? 0) > 0
      )
        continue;
      apply(
        {
          metric: matchLabels(rs.metric, matching),
          f: matching.fillLeft,
          t: rs.t,
          dropName: false,
        },
        rs,
        key,
      );
    }
  }
  return out;
}

/** The labels the matching looks at: those of on(...), or all but ignoring(...) and the name. */
function matchLabels(labels: Labels, matching: VectorMatching): Labels {
  const names = new Set(matching.labels);
  return labels.filter((l) =>
    matching.on ? names.has(l.name) : !names.has(l.name) && l.name !== metricNameLabel,
  );
}

function matchGroup(labels: Labels, matching: VectorMatching): string {
  return formatLabelsGo(matchLabels(labels, matching));
}

/** The labels of a binary operation's result from its two input label sets. */
export function resultMetricFor(
  lhs: Labels,
  rhs: Labels,
  op: BinaryOp,
  matching: VectorMatching,
): Labels {
  let out: Label[] = lhs.slice();
  if (changesSchema(op)) out = dropMetricName(out).slice();
  if (matching.card === 'one-to-one') {
    const names = new Set(matching.labels);
    out = out.filter((l) => (matching.on ? names.has(l.name) : !names.has(l.name)));
  }
  for (const name of matching.include) {
    out = out.filter((l) => l.name !== name);
    const v = rhs.find((l) => l.name === name)?.value;
    if (v) out.push({ name, value: v });
  }
  return matching.include.length > 0 ? sortLabels(out) : out;
}
