// A range aggregation's sample extractor, as Loki's: the pipeline runs on each entry, then the entry
// gives one sample: 1 (count_over_time, rate, absent_over_time), the line's byte length
// (bytes_over_time, bytes_rate) or an unwrapped label's value. A sample's labels are all the entry's
// labels (stream, structured metadata, parsed) reduced by the grouping; a sample with __error__ keeps
// all of them so the error is seen.
import { type Label, type Labels, labelsKey } from '@otel-lab/promql';
import type { Grouping, LineFilterStage, RangeAggregationExpr, Unwrap } from '../ast';
import { parseBytes, parseFloatGo, parseGoDurationNs } from '../parse/literals';
import { bytesError, compileLabelFilter, goQuote } from '../pipeline/label-filter';
import { flattenLabels, type LabelsBuilder } from '../pipeline/labels-builder';
import { compileLineFilter } from '../pipeline/line-filter';
import { compilePipelineWithBuilder } from '../pipeline/pipeline';
import { SAMPLE_EXTRACTION_ERR } from '../pipeline/stage';
import type { LogEntry } from '../storage';
import { type PlainGrouping, plainGrouping } from './plain-labels';

export interface ExtractedSample {
  /** labelsKey(labels). */
  readonly key: string;
  readonly labels: Labels;
  readonly value: number;
}

export type SampleExtractor = (entry: LogEntry) => ExtractedSample | undefined;

/** Range operations whose labels a parent `sum` may reduce at the source (Loki's canInjectVectorGrouping). */
export const groupingPushdownOps: ReadonlySet<string> = new Set([
  'bytes_over_time',
  'bytes_rate',
  'sum_over_time',
  'rate',
  'count_over_time',
]);

/**
 * `pushed` is a parent sum's grouping, used when the range aggregation has none: the sum gives the
 * same result either way, with fewer series in the windows.
 */
export function compileSampleExtractor(
  expr: RangeAggregationExpr,
  pushed?: Grouping,
): SampleExtractor {
  const pipeline = compilePipelineWithBuilder(expr.range.selector.pipeline);
  const grouping = expr.grouping ?? pushed;
  // absent_over_time cannot be grouped: Loki extracts it with no labels.
  const noLabels =
    expr.op === 'absent_over_time' || (grouping !== undefined && isSingleton(grouping));
  const unwrap = expr.range.unwrap;
  let groups = grouping?.labels ?? [];
  let without = grouping?.without ?? false;
  if (unwrap && (groups.length === 0 || without)) {
    // Unwrapping drops the unwrapped label from the sample's labels.
    without = true;
    groups = [...groups, unwrap.label];
  }
  const stages = expr.range.selector.pipeline;
  if (!unwrap && stages.every((st) => st.kind === 'lineFilter')) {
    const plain = plainGrouping(noLabels, grouping === undefined ? undefined : groups, without);
    if (plain) return plainExtractor(expr, plain);
  }
  const group = grouper(noLabels, grouping === undefined && !unwrap, groups, without);
  if (!unwrap) {
    const bytes = expr.op === 'bytes_over_time' || expr.op === 'bytes_rate';
    return (entry) => {
      const state = pipeline(entry);
      if (!state) return undefined;
      const labels = group(state.labels);
      return {
        key: labelsKey(labels),
        labels,
        value: bytes ? Buffer.byteLength(state.line, 'utf8') : 1,
      };
    };
  }
  const convert = converter(unwrap.conversion);
  const post = unwrap.postFilters.map(compileLabelFilter);
  return (entry) => {
    const state = pipeline(entry);
    if (!state) return undefined;
    const raw = state.labels.get(unwrap.label);
    // A line without the label gives no sample (Loki issue 6713).
    if (raw === undefined || raw === '') return undefined;
    const got = convert(raw);
    let value = 0;
    if (typeof got === 'number') value = got;
    else state.labels.setError(SAMPLE_EXTRACTION_ERR, got.error);
    for (const test of post) if (!test(state.labels)) return undefined;
    const labels = group(state.labels);
    return { key: labelsKey(labels), labels, value };
  };
}

/** Only line filters: no builder, labels straight from the entry. */
function plainExtractor(expr: RangeAggregationExpr, group: PlainGrouping): SampleExtractor {
  const tests = expr.range.selector.pipeline.map((st) => compileLineFilter(st as LineFilterStage));
  const bytes = expr.op === 'bytes_over_time' || expr.op === 'bytes_rate';
  return (entry) => {
    for (const test of tests) if (!test(entry.line)) return undefined;
    const { key, labels } = group(entry);
    return { key, labels, value: bytes ? Buffer.byteLength(entry.line, 'utf8') : 1 };
  };
}

/** Loki's Grouping.Singleton: `by ()` or a bare `sum(...)`. */
function isSingleton(g: Grouping): boolean {
  return g.labels.length === 0 && !g.without;
}

type Group = (labels: LabelsBuilder) => Labels;

function grouper(
  noLabels: boolean,
  all: boolean,
  groups: readonly string[],
  without: boolean,
): Group {
  const names = [...new Set(groups)].sort();
  const dropped = new Set(names);
  return (b) => {
    if (b.err !== '') return flattenLabels(b.result());
    if (noLabels) return [];
    if (all || names.length === 0) return flattenLabels(b.result());
    if (without) return flattenLabels(b.result()).filter((l) => !dropped.has(l.name));
    const out: Label[] = [];
    for (const name of names) {
      const value = b.get(name);
      if (value !== undefined) out.push({ name, value });
    }
    return out;
  };
}

type Converted = number | { error: string };

function converter(conversion: Unwrap['conversion']): (raw: string) => Converted {
  switch (conversion) {
    case 'none':
      return (raw) =>
        parseFloatGo(raw) ?? {
          error: `strconv.ParseFloat: parsing ${goQuote(raw)}: invalid syntax`,
        };
    case 'bytes':
      return (raw) => parseBytes(raw) ?? { error: bytesError(raw) };
    case 'duration':
    case 'duration_seconds':
      return (raw) => {
        const ns = parseGoDurationNs(raw);
        if (ns === undefined) {
          return {
            error: /^[-+]?[\d.]+$/.test(raw)
              ? `time: missing unit in duration ${goQuote(raw)}`
              : `time: invalid duration ${goQuote(raw)}`,
          };
        }
        return goSeconds(ns);
      };
  }
}

/** Go's Duration.Seconds(): whole seconds plus the nanoseconds' fraction. */
export function goSeconds(ns: bigint): number {
  const sec = ns / 1_000_000_000n;
  const rest = ns % 1_000_000_000n;
  return Number(sec) + Number(rest) / 1e9;
}
