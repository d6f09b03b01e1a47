// The experimental info() function: adds data labels of info metrics (target_info by default) to
// series that share their identifying labels (instance, job).
import type { Call, Expr, LabelMatcher, SubqueryExpr, VectorSelector } from '../ast';
import { children } from '../ast';
import { executionError } from '../errors';
import {
  formatLabelsGo,
  getLabel,
  type Label,
  type Labels,
  labelsKey,
  metricNameLabel,
  sortLabels,
} from '../labels';
import { matchesMatcher } from '../storage';
import type { FetchedSeries } from './fetched-series';
import type { StepRange } from './range-eval';
import { rangeEval } from './range-eval';
import type { Matrix, Sample, Vector } from './values';

const targetInfo = 'target_info';
const identifyingLabels = ['instance', 'job'];

function nameMatchersOf(call: Call): LabelMatcher[] {
  const sel = call.args[1];
  if (sel?.kind !== 'vectorSelector')
    return [{ type: '=', name: metricNameLabel, value: targetInfo }];
  return sel.matchers.filter((m) => m.name === metricNameLabel);
}

/** Without an = or =~ name matcher, info metrics are those named *_info (target_info by default). */
function effectiveNameMatchers(matchers: LabelMatcher[]): LabelMatcher[] {
  if (matchers.some((m) => m.type === '=' || m.type === '=~')) return matchers;
  if (matchers.length > 0)
    return [{ type: '=~', name: metricNameLabel, value: '.+_info' }, ...matchers];
  return [{ type: '=', name: metricNameLabel, value: targetInfo }];
}

const selectors = new WeakMap<Call, VectorSelector>();

/** The storage selection for info series (one per call): data-label and effective name matchers. */
export function infoSelector(call: Call): VectorSelector {
  let cached = selectors.get(call);
  if (!cached) {
    cached = buildInfoSelector(call);
    selectors.set(call, cached);
  }
  return cached;
}

function buildInfoSelector(call: Call): VectorSelector {
  const sel = call.args[1];
  const data =
    sel?.kind === 'vectorSelector' ? sel.matchers.filter((m) => m.name !== metricNameLabel) : [];
  return {
    kind: 'vectorSelector',
    name: undefined,
    matchers: [...data, ...effectiveNameMatchers(nameMatchersOf(call))],
    offset: 0,
    at: undefined,
  };
}

/** The @ time and offset of the first selector in the base expression, including enclosing subqueries. */
export function infoTimeAndOffset(base: Expr): { at: VectorSelector['at']; offset: number } {
  const walk = (
    e: Expr,
    path: SubqueryExpr[],
  ): { at: VectorSelector['at']; offset: number } | undefined => {
    if (e.kind === 'vectorSelector') {
      let at = e.at;
      let offset = e.offset;
      for (let i = path.length - 1; at === undefined && i >= 0; i--) {
        const sq = path[i] as SubqueryExpr;
        offset += sq.offset;
        at = sq.at;
      }
      return { at, offset };
    }
    const next = e.kind === 'subquery' ? [...path, e] : path;
    for (const c of children(e)) {
      const found = walk(c, next);
      if (found) return found;
    }
    return undefined;
  };
  return walk(base, []) ?? { at: undefined, offset: 0 };
}

export interface InfoInputs {
  readonly call: Call;
  readonly base: Matrix;
  /** Info series fetched for the call; filtered here by the base series' identifying labels. */
  readonly candidates: readonly FetchedSeries[];
  /** Evaluates info series as sample timestamps at every step (newer info series win). */
  readonly lookupTimes: (series: readonly FetchedSeries[]) => Matrix;
  readonly range: StepRange;
}

export function evalInfo(input: InfoInputs): Matrix {
  const { call, base } = input;
  const sel = call.args[1];
  const dataMatchers = new Map<string, LabelMatcher[]>();
  if (sel?.kind === 'vectorSelector') {
    for (const m of sel.matchers)
      dataMatchers.set(m.name, [...(dataMatchers.get(m.name) ?? []), m]);
  }
  const effective = effectiveNameMatchers(nameMatchersOf(call));
  const ignored = new Set<string>();
  const idValues = new Map<string, Set<string>>();
  for (const s of base) {
    const name = getLabel(s.metric, metricNameLabel);
    if (effective.every((m) => matchesMatcher(m, name))) {
      ignored.add(labelsKey(s.metric));
      continue;
    }
    for (const l of identifyingLabels) {
      const v = getLabel(s.metric, l);
      if (v === '') continue;
      let set = idValues.get(l);
      if (!set) {
        set = new Set();
        idValues.set(l, set);
      }
      set.add(v);
    }
  }
  dataMatchers.delete(metricNameLabel);
  const infoSeries =
    idValues.size === 0
      ? []
      : input.candidates.filter((s) =>
          [...idValues].every(([l, values]) => values.has(getLabel(s.labels, l))),
        );
  const infoMatrix = input.lookupTimes(infoSeries);
  const signature = (name: string, labels: Labels) =>
    `${name}\xff${identifyingLabels.map((l) => `${l}=${getLabel(labels, l)}`).join('\xff')}`;
  const infoNames = [...new Set(infoMatrix.map((s) => getLabel(s.metric, metricNameLabel)))];
  return rangeEval(input.range, [base, infoMatrix], ([baseVec, infoVec]) => {
    const out: Vector = [];
    if ((baseVec as Vector).length === 0) return out;
    const bySig = new Map<string, Sample>();
    for (const s of infoVec as Vector) {
      const sig = signature(getLabel(s.metric, metricNameLabel), s.metric);
      const existing = bySig.get(sig);
      // The value is the info sample's own timestamp: the newest one wins.
      if (!existing || existing.f < s.f) bySig.set(sig, s);
      else if (existing.f === s.f) {
        throw executionError(
          `found duplicate series for info metric: existing ${formatLabelsGo(existing.metric)} @ ${Math.round(existing.f * 1000)}, new ${formatLabelsGo(s.metric)} @ ${Math.round(s.f * 1000)}`,
        );
      }
    }
    for (const bs of baseVec as Vector) {
      if (ignored.has(labelsKey(bs.metric))) {
        out.push(bs);
        continue;
      }
      const baseNames = new Set(bs.metric.map((l) => l.name));
      const added = new Map<string, string>();
      let seen = 0;
      for (const name of infoNames) {
        const is = bySig.get(signature(name, bs.metric));
        if (!is) continue;
        for (const l of is.metric) {
          if (l.name === metricNameLabel) continue;
          if (dataMatchers.size > 0 && !dataMatchers.has(l.name)) continue;
          const prev = added.get(l.name);
          if (prev !== undefined && prev !== l.value)
            throw executionError(`conflicting label: ${l.name}`);
          if (baseNames.has(l.name)) continue;
          added.set(l.name, l.value);
        }
        seen++;
      }
      if (seen === 0) {
        const allMatchEmpty = [...dataMatchers.values()].every((ms) =>
          ms.every((m) => matchesMatcher(m, '')),
        );
        if (!allMatchEmpty) continue;
      }
      const metric: Label[] = bs.metric.slice();
      for (const [name, value] of added) metric.push({ name, value });
      out.push({
        metric: added.size > 0 ? sortLabels(metric) : bs.metric,
        f: bs.f,
        ...(bs.h ? { h: bs.h } : {}),
        t: bs.t,
        dropName: bs.dropName,
      });
    }
    return out;
  });
}
