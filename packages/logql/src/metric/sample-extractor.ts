// A range aggregation's sample extractor, as Loki's: the pipeline runs on each entry, then the entry
// gives one sample: 1 (count_over_time, rate, absent_over_time), the line's byte length
// (bytes_over_time, bytes_rate) or an unwrapped label's value. A sample's labels are all the entry's
// labels (stream, structured metadata, parsed) reduced by the grouping; a sample with __error__ keeps
// all of them so the error is seen.
import { type Label, type Labels, labelsKey } from '@otel-lab/promql';
import type { Grouping, LineFilterStage, RangeAggregationExpr, Unwrap } from '../ast';
import { compileLabelFilter } from '../pipeline/label-filter';
import { flattenLabels, type LabelsBuilder } from '../pipeline/labels-builder';
import { compileLineFilter } from '../pipeline/line-filter';
import { compilePipelineWithBuilder, type PipelineWithBuilder } from '../pipeline/pipeline';
import { SAMPLE_EXTRACTION_ERR } from '../pipeline/stage';
import type { LogEntry, LogProjection } from '../storage';
import { type KeyedLabels, type PlainGrouping, plainGrouping } from './plain-labels';
import { converter } from './unwrap-conversion';

export interface ExtractedSample {
  /** labelsKey(labels). */
  readonly key: string;
  readonly labels: Labels;
  readonly value: number;
}

export type SampleExtractor = (entry: LogEntry) => ExtractedSample | undefined;

export interface CompiledExtractor {
  readonly extract: SampleExtractor;
  /** What the extractor reads of an entry, when that is less than all of it. */
  readonly projection?: LogProjection;
}

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
): CompiledExtractor {
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
    if (plain) {
      const bytes = expr.op === 'bytes_over_time' || expr.op === 'bytes_rate';
      const metadata = noLabels ? [] : grouping === undefined || without ? 'all' : groups;
      return {
        extract: plainExtractor(expr, plain),
        projection: { line: bytes || stages.length > 0, metadata },
      };
    }
  }
  const group = grouper(noLabels, grouping === undefined && !unwrap, groups, without);
  return {
    extract: unwrap
      ? unwrapExtractor(unwrap, pipeline, group)
      : lineExtractor(expr, pipeline, group),
  };
}

function lineExtractor(
  expr: RangeAggregationExpr,
  pipeline: PipelineWithBuilder,
  group: Group,
): SampleExtractor {
  const bytes = expr.op === 'bytes_over_time' || expr.op === 'bytes_rate';
  return (entry) => {
    const state = pipeline(entry);
    if (!state) return undefined;
    const { key, labels } = group(state.labels);
    return { key, labels, value: bytes ? Buffer.byteLength(state.line, 'utf8') : 1 };
  };
}

function unwrapExtractor(
  unwrap: Unwrap,
  pipeline: PipelineWithBuilder,
  group: Group,
): SampleExtractor {
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
    const { key, labels } = group(state.labels);
    return { key, labels, value };
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

type Group = (labels: LabelsBuilder) => KeyedLabels;

const NONE: KeyedLabels = { key: '', labels: [] };

function keyed(labels: Labels): KeyedLabels {
  return { key: labelsKey(labels), labels };
}

function grouper(
  noLabels: boolean,
  all: boolean,
  groups: readonly string[],
  without: boolean,
): Group {
  const names = [...new Set(groups)].sort();
  const dropped = new Set(names);
  // `by` label sets are interned by their values: one object (and key) per group.
  const interned = new Map<string, KeyedLabels>();
  return (b) => {
    if (b.err !== '') return keyed(flattenLabels(b.result()));
    if (noLabels) return NONE;
    if (all || names.length === 0) return keyed(flattenLabels(b.result()));
    if (without) return keyed(flattenLabels(b.result()).filter((l) => !dropped.has(l.name)));
    let id = '';
    for (const name of names) {
      const v = b.get(name);
      id += v === undefined ? '\u0000' : `\u0001${v}\u0000`;
    }
    let out = interned.get(id);
    if (!out) {
      const labels: Label[] = [];
      for (const name of names) {
        const value = b.get(name);
        if (value !== undefined) labels.push({ name, value });
      }
      out = keyed(labels);
      interned.set(id, out);
    }
    return out;
  };
}
