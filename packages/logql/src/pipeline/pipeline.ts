// compilePipeline: a query's stages as one function from a stored entry to the processed entry (its
// line and its labels in Loki's three categories), or undefined when a stage drops it. Log queries and
// the metric half's range aggregations share it.
import { RegexSyntaxError } from '@otel-lab/promql';
import type { Stage } from '../ast';
import type { LineFilter, LogEntry } from '../storage';
import { patternStage, regexpStage } from './extract-stages';
import {
  decolorizeStage,
  dropStage,
  keepStage,
  labelFormatStage,
  lineFormatStage,
} from './format-stages';
import { IpPatternError } from './ip-match';
import { JsonPathError } from './json-path';
import { jsonParamsStage, jsonStage, unpackStage } from './json-stages';
import { compileLabelFilter } from './label-filter';
import { type CategorizedLabels, LabelsBuilder } from './labels-builder';
import { compileLineFilter } from './line-filter';
import { logfmtParamsStage, logfmtStage } from './logfmt';
import { PatternError } from './pattern';
import { type EntryState, StageError, type StageFn } from './stage';

export interface ProcessedEntry {
  readonly timestampNs: bigint;
  readonly line: string;
  readonly labels: CategorizedLabels;
}

export type Pipeline = (entry: LogEntry) => ProcessedEntry | undefined;

/** The same, keeping the builder, for the metric half's unwrap (which reads and filters labels). */
export type PipelineWithBuilder = (entry: LogEntry) => EntryState | undefined;

/** Compiles the stages; throws StageError (with Loki's words) for a stage that cannot be built. */
export function compilePipelineWithBuilder(stages: readonly Stage[]): PipelineWithBuilder {
  const fns = stages.map(compileStage);
  return (entry) => {
    const state: EntryState = {
      timestampNs: entry.timestampNs,
      line: entry.line,
      labels: new LabelsBuilder(entry.labels, entry.metadata),
    };
    for (const fn of fns) if (!fn(state)) return undefined;
    return state;
  };
}

export function compilePipeline(stages: readonly Stage[]): Pipeline {
  const run = compilePipelineWithBuilder(stages);
  return (entry) => {
    const state = run(entry);
    if (!state) return undefined;
    return { timestampNs: state.timestampNs, line: state.line, labels: state.labels.result() };
  };
}

function compileStage(stage: Stage): StageFn {
  try {
    return buildStage(stage);
  } catch (error) {
    if (
      error instanceof RegexSyntaxError ||
      error instanceof PatternError ||
      error instanceof IpPatternError ||
      error instanceof JsonPathError
    ) {
      throw new StageError(error.message);
    }
    throw error;
  }
}

function buildStage(stage: Stage): StageFn {
  switch (stage.kind) {
    case 'lineFilter': {
      const test = compileLineFilter(stage);
      return (entry) => test(entry.line);
    }
    case 'json':
      return stage.params.length === 0 ? jsonStage() : jsonParamsStage(stage.params);
    case 'logfmt':
      return stage.params.length === 0
        ? logfmtStage(stage.strict, stage.keepEmpty)
        : logfmtParamsStage(stage.params, stage.strict);
    case 'regexp':
      return regexpStage(stage.pattern);
    case 'pattern':
      return patternStage(stage.pattern);
    case 'unpack':
      return unpackStage();
    case 'labelFilter': {
      const test = compileLabelFilter(stage.filter);
      return (entry) => test(entry.labels);
    }
    case 'lineFormat':
      return lineFormatStage(stage.template);
    case 'labelFormat':
      return labelFormatStage(stage.items);
    case 'decolorize':
      return decolorizeStage();
    case 'drop':
      return dropStage(stage.labels);
    case 'keep':
      return keepStage(stage.labels);
  }
}

/**
 * The line filters a storage may apply before the pipeline: those ahead of the first stage that
 * changes the line (line_format, unpack, decolorize). Parsers and label filters do not change the
 * line, and filters commute, so moving these first keeps the result. Pattern and ip() filters stay
 * in the engine (the storage interface takes plain and regex filters only).
 */
export function pushdownLineFilters(stages: readonly Stage[]): LineFilter[] {
  const out: LineFilter[] = [];
  for (const s of stages) {
    if (s.kind === 'lineFormat' || s.kind === 'unpack' || s.kind === 'decolorize') break;
    if (s.kind !== 'lineFilter' || s.op === '|>' || s.op === '!>') continue;
    if (s.values.some((v) => v.ip)) continue;
    out.push({ op: s.op, values: s.values.map((v) => v.value) });
  }
  return out;
}
