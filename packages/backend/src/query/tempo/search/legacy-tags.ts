/**
 * Tempo's older search, `tags` (logfmt `key=value …`) with `minDuration` and `maxDuration`, as
 * the TraceQL query that asks the same, so one engine answers both. As Tempo's parquet search:
 * each tag is met by some span of the trace; the labels Tempo keeps in columns of their own
 * (name, service.name, http.method, http.url, root.name, root.service.name, k8s names) match as
 * substrings, http.status_code as an integer, status.code by its name, any other tag a span or
 * resource attribute with that string value; the durations bound the trace's duration.
 */
import type { Expr, FieldExpr, TraceqlQuery } from '@otel-lab/traceql';
import { scanLogfmt } from '../../../loki-model/logfmt-scan.js';
import { parseGoDuration } from '../../jaeger/go-duration.js';
import { TempoError } from '../tempo-error.js';

const NS_PER_MS = 1_000_000n;

const text = (value: string): FieldExpr => ({ kind: 'static', type: 'string', value });
const compare = (op: '=' | '=~' | '>=' | '<=', left: FieldExpr, right: FieldExpr): FieldExpr => ({
  kind: 'binary',
  op,
  left,
  right,
});
const intrinsic = (name: string): FieldExpr => ({ kind: 'intrinsic', name });
const attribute = (scope: 'none' | 'span' | 'resource', name: string): FieldExpr => ({
  kind: 'attribute',
  scope,
  parent: false,
  name,
});

/** A literal as an RE2 (and JS) pattern that matches it anywhere. */
const substring = (value: string) => text(`.*${value.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&')}.*`);

/** Tags Tempo reads from a column of their own, as substrings. */
const COLUMN_TAGS: ReadonlyMap<string, FieldExpr> = new Map([
  ['name', intrinsic('name')],
  ['root.name', intrinsic('rootName')],
  ['root.service.name', intrinsic('rootServiceName')],
  ['http.method', attribute('span', 'http.method')],
  ['http.url', attribute('span', 'http.url')],
  ...['service.name', 'cluster', 'namespace', 'pod', 'container']
    .concat(['k8s.cluster.name', 'k8s.namespace.name', 'k8s.pod.name', 'k8s.container.name'])
    .map((name): [string, FieldExpr] => [name, attribute('resource', name)]),
]);

const STATUSES: ReadonlyMap<string, 'unset' | 'ok' | 'error'> = new Map([
  ['ok', 'ok'],
  ['error', 'error'],
  ['unset', 'unset'],
  ['STATUS_CODE_OK', 'ok'],
  ['STATUS_CODE_ERROR', 'error'],
  ['STATUS_CODE_UNSET', 'unset'],
]);

function tagFilter(key: string, value: string): FieldExpr {
  const column = COLUMN_TAGS.get(key);
  if (column) return compare('=~', column, substring(value));
  if (key === 'http.status_code' && /^-?\d+$/.test(value)) {
    return compare('=', attribute('span', key), {
      kind: 'static',
      type: 'int',
      value: Number(value),
    });
  }
  if (key === 'status.code') {
    // An unknown name is code 0 in Tempo's mapping: unset.
    const status = STATUSES.get(value) ?? 'unset';
    return compare('=', intrinsic('status'), { kind: 'static', type: 'status', value: status });
  }
  return compare('=', attribute('none', key), text(value));
}

function durationMs(name: string, value: string | undefined): bigint | undefined {
  if (value === undefined) return undefined;
  try {
    // Tempo keeps whole milliseconds.
    return (parseGoDuration(value) / NS_PER_MS) * NS_PER_MS;
  } catch (error) {
    throw new TempoError(400, `invalid ${name}: ${(error as Error).message}`);
  }
}

/** minDuration and maxDuration in ns (whole ms), with Tempo's messages; 0 is none. */
export function durationBounds(min: string | undefined, max: string | undefined) {
  const minNs = durationMs('minDuration', min) ?? 0n;
  const maxNs = durationMs('maxDuration', max) ?? 0n;
  if (max !== undefined && minNs !== 0n && minNs > maxNs) {
    throw new TempoError(400, 'invalid maxDuration: must be greater than minDuration');
  }
  return { minNs, maxNs };
}

/** The query of a tags search; `{}` (every trace) without tags or durations. */
export function legacyTagsQuery(tags: string, min?: string, max?: string): TraceqlQuery {
  const filters: FieldExpr[] = [];
  const keys = new Set<string>();
  for (const [key, value] of scanLogfmt(tags)) {
    if (keys.has(key)) throw new TempoError(400, `invalid tags: tag ${key} has been set twice`);
    keys.add(key);
    filters.push(tagFilter(key, value));
  }
  const { minNs, maxNs } = durationBounds(min, max);
  const duration = (op: '>=' | '<=', ns: bigint) =>
    compare(op, intrinsic('traceDuration'), { kind: 'static', type: 'duration', ns });
  if (minNs > 0n) filters.push(duration('>=', minNs));
  if (maxNs > 0n) filters.push(duration('<=', maxNs));
  const sets: Expr[] = filters.map((filter) => ({ kind: 'spansetFilter', filter }));
  const expr = sets.reduce<Expr | undefined>(
    (left, right) => (left ? { kind: 'spansetOperation', op: '&&', left, right } : right),
    undefined,
  );
  return {
    expr: expr ?? { kind: 'spansetFilter', filter: { kind: 'static', type: 'bool', value: true } },
    hints: {},
  };
}
