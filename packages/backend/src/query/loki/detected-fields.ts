/**
 * /loki/api/v1/detected_fields, as Loki 3.7 answers it: the fields of the newest `line_limit`
 * records a log query keeps, with their type and number of distinct values ({fields, limit},
 * both left out when there are none). Structured metadata fields have no parser (null); each
 * line is also parsed as JSON, else as logfmt, as Loki does, and the fields found that way and
 * by the query's own parsers name the parser that read the line.
 */

import {
  compilePipeline,
  ERROR_DETAILS_LABEL,
  ERROR_LABEL,
  evaluateLogQuery,
  isLogExpr,
  LogqlParseError,
  parseExpr,
  type ResultEntry,
} from '@otel-lab/logql';
import type { Labels } from '@otel-lab/promql';
import type { DuckDbLogStorage } from './duckdb-log-storage.js';
import { LokiError } from './loki-error.js';
import { boundsParams, positiveParam } from './loki-params.js';

/** Loki's defaults: line_limit as a query's limit, the field limit 1000. */
const DEFAULT_LINE_LIMIT = 100;
const DEFAULT_FIELD_LIMIT = 1000;
/** Distinct values counted per field at most (Loki estimates; here they are counted up to this). */
const MAX_VALUES_PER_FIELD = 10_000;

interface DetectedField {
  label: string;
  type: string;
  cardinality: number;
  parsers: string[] | null;
}

const INT = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const BOOL = /^(?:1|t|T|TRUE|true|True|0|f|F|FALSE|false|False)$/;
const DURATION = /^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:ns|us|µs|ms|s|m|h))+$/;
const BYTES = /^(?:\d+\.?\d*|\.\d+)\s*(?:[kKmMgGtTpPeE]i?[bB]|[bB])$/;

/** The type Loki gives a value: the first of int, float, boolean, duration, bytes it parses as. */
export function fieldType(value: string): string {
  if (INT.test(value)) return 'int';
  if (FLOAT.test(value)) return 'float';
  if (BOOL.test(value)) return 'boolean';
  if (DURATION.test(value)) return 'duration';
  if (BYTES.test(value)) return 'bytes';
  return 'string';
}

const AUTO_PARSERS = [
  ['json', compilePipeline([{ kind: 'json', params: [] }])],
  ['logfmt', compilePipeline([{ kind: 'logfmt', strict: false, keepEmpty: false, params: [] }])],
] as const;

const isErrorLabel = (name: string) =>
  name === ERROR_LABEL || name === ERROR_DETAILS_LABEL || name === '__preserve_error__';

/** The line parsed as JSON, else as logfmt: the labels found and the parser, or undefined. */
function autoParse(entry: ResultEntry): { parser: string; labels: Labels } | undefined {
  const input = {
    timestampNs: entry.timestampNs,
    line: entry.line,
    labels: entry.labels.stream,
    metadata: entry.labels.metadata,
  };
  for (const [parser, pipeline] of AUTO_PARSERS) {
    const out = pipeline(input);
    if (out && !out.labels.parsed.some((l) => l.name === ERROR_LABEL)) {
      return { parser, labels: out.labels.parsed };
    }
  }
  return undefined;
}

export async function detectFields(
  storage: DuckDbLogStorage,
  params: URLSearchParams,
): Promise<{ fields?: DetectedField[]; limit?: number }> {
  const { startNs, endNs } = boundsParams(params);
  if (endNs < startNs)
    throw new LokiError('end timestamp must not be before or equal to start time');
  const lineLimit = positiveParam(params, 'line_limit', DEFAULT_LINE_LIMIT);
  // `field_limit` is the older name of `limit`.
  const fieldParams = params.get('limit')
    ? params
    : new URLSearchParams({ limit: params.get('field_limit') ?? '' });
  const fieldLimit = positiveParam(fieldParams, 'limit', DEFAULT_FIELD_LIMIT);
  let expr: ReturnType<typeof parseExpr>;
  try {
    expr = parseExpr(params.get('query') ?? '');
  } catch (error) {
    if (error instanceof LogqlParseError) throw new LokiError(error.message);
    throw error;
  }
  if (!isLogExpr(expr)) throw new LokiError('only log selector is supported');
  const result = await evaluateLogQuery(expr, storage, {
    startNs,
    endNs,
    limit: lineLimit,
    direction: 'backward',
  });
  const seen = new Map<string, { values: Set<string>; types: Set<string>; parsers: string[] }>();
  const note = (name: string, value: string, parser?: string) => {
    let field = seen.get(name);
    if (!field) {
      if (seen.size >= fieldLimit) return;
      field = { values: new Set(), types: new Set(), parsers: [] };
      seen.set(name, field);
    }
    if (field.values.size < MAX_VALUES_PER_FIELD) field.values.add(value);
    field.types.add(fieldType(value));
    if (parser && !field.parsers.includes(parser)) field.parsers.push(parser);
  };
  for (const stream of result.streams) {
    for (const entry of stream.entries) {
      for (const l of entry.labels.metadata) note(l.name, l.value);
      const auto = autoParse(entry);
      for (const l of [...entry.labels.parsed, ...(auto?.labels ?? [])]) {
        if (!isErrorLabel(l.name)) note(l.name, l.value, auto?.parser);
      }
    }
  }
  const fields = [...seen]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([label, field]) => ({
      label,
      // One type for all values, else string, as Loki settles mixed fields.
      type: field.types.size === 1 ? ([...field.types][0] as string) : 'string',
      cardinality: field.values.size,
      parsers: field.parsers.length > 0 ? field.parsers : null,
    }));
  return fields.length > 0 ? { fields, limit: fieldLimit } : {};
}
