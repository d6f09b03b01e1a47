// Compares query results with a case's expectations using promqltest's rules.
import type { QueryResult } from '../engine';
import { compactHistogram } from '../histogram/compact';
import { histogramsEqual } from '../histogram/equals';
import type { FloatHistogram } from '../histogram/float-histogram';
import { formatLabels, labelsKey } from '../labels';
import type { EvalCommand } from './script';
import type { SequenceValue } from './series-notation';

const epsilon = 1e-6;
const minNormal = 2.2250738585072014e-308;

/** Relative comparison as Prometheus's util/almost: NaN equals NaN. */
export function almostEqual(a: number, b: number): boolean {
  if (Number.isNaN(a) && Number.isNaN(b)) return true;
  if (a === b) return true;
  const absSum = Math.abs(a) + Math.abs(b);
  const diff = Math.abs(a - b);
  if (a === 0 || b === 0 || absSum < minNormal) return diff < epsilon * minNormal;
  return diff / Math.min(absSum, Number.MAX_VALUE) < epsilon;
}

/** Returns undefined when the result matches, else a description of the first difference. */
export function compareResult(cmd: EvalCommand, result: QueryResult): string | undefined {
  switch (result.resultType) {
    case 'string':
      return cmd.expectedString === result.result.v
        ? undefined
        : `expected string "${cmd.expectedString}" but got "${result.result.v}"`;
    case 'scalar':
      if (cmd.expectScalar === undefined)
        return `expected vector or matrix result, but got scalar ${result.result.v}`;
      return almostEqual(cmd.expectScalar, result.result.v)
        ? undefined
        : `expected scalar ${cmd.expectScalar} but got ${result.result.v}`;
    case 'vector': {
      if (cmd.expectScalar !== undefined) return 'expected scalar result, but got vector';
      const expected = new Map(cmd.expected.map((e) => [labelsKey(e.labels), e]));
      const seen = new Set<string>();
      for (const [pos, s] of result.result.entries()) {
        const key = labelsKey(s.metric);
        const exp = expected.get(key);
        if (!exp) return `unexpected metric ${formatLabels(s.metric)} in result, has value ${s.v}`;
        if (cmd.ordered && exp.pos !== pos + 1) {
          return `expected metric ${formatLabels(s.metric)} at position ${exp.pos} but was at ${pos + 1}`;
        }
        const v = exp.values[0];
        if (v?.kind === 'histogram') {
          if (!s.h)
            return `expected histogram ${describeHistogram(v.histogram)} for ${formatLabels(s.metric)} but got float value ${s.v}`;
          if (!histogramsMatch(v, s.h))
            return `expected ${describeHistogram(v.histogram)} for ${formatLabels(s.metric)} but got ${describeHistogram(s.h)}`;
          seen.add(key);
          continue;
        }
        if (s.h)
          return `expected float value ${v?.kind === 'value' ? v.value : v?.kind} for ${formatLabels(s.metric)} but got histogram ${describeHistogram(s.h)}`;
        if (v?.kind !== 'value') return `expected ${v?.kind} for ${formatLabels(s.metric)}`;
        if (!almostEqual(v.value, s.v))
          return `expected ${v.value} for ${formatLabels(s.metric)} but got ${s.v}`;
        seen.add(key);
      }
      for (const [key, e] of expected)
        if (!seen.has(key)) return `expected metric ${formatLabels(e.labels)} not found`;
      return undefined;
    }
    case 'matrix': {
      if (cmd.ordered) return 'expected ordered result, but query returned a matrix';
      if (cmd.expectScalar !== undefined) return 'expected scalar result, but got matrix';
      const expected = new Map(cmd.expected.map((e) => [labelsKey(e.labels), e]));
      const seen = new Set<string>();
      for (const s of result.result) {
        const key = labelsKey(s.metric);
        const exp = expected.get(key);
        if (!exp) return `unexpected metric ${formatLabels(s.metric)} in result`;
        seen.add(key);
        const points: [number, number][] = [];
        const hpoints: [number, SequenceValue & { kind: 'histogram' }][] = [];
        for (const [i, v] of exp.values.entries()) {
          const t = cmd.start + i * cmd.step;
          if (t > cmd.end)
            return `expected ${exp.values.length} points, but query time range cannot return this many`;
          if (v.kind === 'value') points.push([t, v.value]);
          else if (v.kind === 'histogram') hpoints.push([t, v]);
        }
        const hts = s.histogramTimestamps ?? [];
        if (points.length !== s.timestamps.length || hpoints.length !== hts.length) {
          return `expected ${points.length} float points and ${hpoints.length} histogram points for ${formatLabels(s.metric)}, got ${s.timestamps.length} and ${hts.length}: ${s.timestamps.map((t, i) => `${s.values[i]}@${t}`).join(' ')} ${hts.map((t, i) => `${describeHistogram(s.histograms?.[i] as FloatHistogram)}@${t}`).join(' ')}`;
        }
        for (const [i, [t, v]] of hpoints.entries()) {
          const actual = s.histograms?.[i] as FloatHistogram;
          if (hts[i] !== t)
            return `expected histogram timestamp ${t} at index ${i} for ${formatLabels(s.metric)}, got ${hts[i]}`;
          if (!histogramsMatch(v, actual))
            return `expected ${describeHistogram(v.histogram)} at t=${t} for ${formatLabels(s.metric)} but got ${describeHistogram(actual)}`;
        }
        for (const [i, [t, v]] of points.entries()) {
          if (s.timestamps[i] !== t)
            return `expected timestamp ${t} at index ${i} for ${formatLabels(s.metric)}, got ${s.timestamps[i]}`;
          if (!almostEqual(v, s.values[i] as number)) {
            return `expected ${v} at t=${t} for ${formatLabels(s.metric)} but got ${s.values[i]}`;
          }
        }
      }
      for (const [key, e] of expected)
        if (!seen.has(key)) return `expected metric ${formatLabels(e.labels)} not found`;
      return undefined;
    }
  }
}

/**
 * promqltest's compareNativeHistogram on both sides compacted: schema, custom bounds, zero bucket and
 * spans exactly, counts almost; the reset hint only when the expectation wrote one.
 */
function histogramsMatch(expected: SequenceValue & { kind: 'histogram' }, actual: FloatHistogram) {
  const e = compactHistogram(expected.histogram, 0);
  const a = compactHistogram(actual, 0);
  if (!histogramsEqual(e, a, almostEqual)) return false;
  return !expected.counterResetHintSet || e.counterResetHint === a.counterResetHint;
}

/** A histogram in the scripts' notation, for failure messages. */
export function describeHistogram(h: FloatHistogram): string {
  const parts = [`schema:${h.schema}`, `count:${h.count}`, `sum:${h.sum}`];
  if (h.zeroThreshold !== 0 || h.zeroCount !== 0)
    parts.push(`z_bucket:${h.zeroCount}`, `z_bucket_w:${h.zeroThreshold}`);
  const spans = (ss: readonly { offset: number; length: number }[]) =>
    ss.map((x) => `${x.offset}:${x.length}`).join(',');
  if (h.positiveBuckets.length > 0)
    parts.push(`buckets:[${h.positiveBuckets.join(' ')}]`, `spans:[${spans(h.positiveSpans)}]`);
  if (h.negativeBuckets.length > 0)
    parts.push(`n_buckets:[${h.negativeBuckets.join(' ')}]`, `n_spans:[${spans(h.negativeSpans)}]`);
  if (h.customValues) parts.push(`custom_values:[${h.customValues.join(' ')}]`);
  parts.push(`counter_reset_hint:${h.counterResetHint}`);
  return `{{${parts.join(' ')}}}`;
}

/** Checks annotations as promqltest does: every expected one present, every present one expected. */
export function compareAnnotations(cmd: EvalCommand, result: QueryResult): string | undefined {
  const a = cmd.annotations;
  const warnings = result.warnings ?? [];
  const infos = result.infos ?? [];
  if (a.anyWarn && warnings.length === 0) return 'expected warnings but got none';
  if (a.anyInfo && infos.length === 0) return 'expected info annotations but got none';
  for (const [kind, expected, actual] of [
    ['warn', a.warn, warnings],
    ['info', a.info, infos],
  ] as const) {
    if (expected.length === 0) continue;
    if (actual.length === 0) return `expected ${kind} annotations but none were found`;
    for (const e of expected) {
      if (!actual.some((x) => matches(e, x)))
        return `expected ${kind} annotation ${e.message ?? e.regex} not found in ${JSON.stringify(actual)}`;
    }
    for (const x of actual) {
      if (!expected.some((e) => matches(e, x)))
        return `unexpected ${kind} annotation ${JSON.stringify(x)}`;
    }
  }
  if (a.noWarn && warnings.length > 0) return `unexpected warnings ${JSON.stringify(warnings)}`;
  if (a.noInfo && infos.length > 0) return `unexpected infos ${JSON.stringify(infos)}`;
  return undefined;
}

function matches(e: { message?: string; regex?: RegExp }, text: string): boolean {
  return e.regex ? e.regex.test(text) : e.message === text;
}
