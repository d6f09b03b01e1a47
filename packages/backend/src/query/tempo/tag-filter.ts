import { type FieldExpr, parseTraceql, type Static } from '@otel-lab/traceql';
import { jsonPointer } from '../../storage/compact-attributes.js';
import { SPAN_KIND_NUMBERS } from '../../storage/stored-sql.js';
import type { SqlParams } from '../sql-params.js';

const STATUS_CODES: ReadonlyMap<string, number> = new Map([
  ['unset', 0],
  ['ok', 1],
  ['error', 2],
]);

/** A static's text as a stored OTLP/JSON value would give it, or undefined for other types. */
function staticText(value: Static): string | undefined {
  if (value.type === 'string') return value.value;
  if (value.type === 'int' || value.type === 'float' || value.type === 'bool') {
    return String(value.value);
  }
  return undefined;
}

/** Spans whose resource holds the key/value: resources are few, so matched by id. */
function resourceCondition(key: string, text: string, params: SqlParams): string {
  return `resource_id IN (SELECT r.id FROM resources r,
    unnest(json_extract(r.body, '$.attributes[*]')) AS t(kv)
    WHERE kv->>'key' = ${params.add(key)} AND coalesce(kv->'value'->>'stringValue',
      kv->'value'->>'intValue', kv->'value'->>'boolValue', kv->'value'->>'doubleValue')
      = ${params.add(text)})`;
}

function spanCondition(key: string, text: string, params: SqlParams): string {
  const pointer = params.add(jsonPointer(key));
  return `coalesce(attributes->>${pointer}, attributes->${pointer}->>'i',
    attributes->${pointer}->>'d') = ${params.add(text)}`;
}

/** One `field = static` as SQL over spans, or undefined when this reader cannot narrow by it. */
function equality(field: FieldExpr, value: FieldExpr, params: SqlParams): string | undefined {
  if (value.kind !== 'static') return undefined;
  if (field.kind === 'intrinsic') {
    const name = field.name.replace(/^span:/, '');
    if (name === 'name' && value.type === 'string') return `name = ${params.add(value.value)}`;
    if (name === 'status' && value.type === 'status') {
      return `coalesce(status_code, 0) = ${STATUS_CODES.get(value.value) ?? 0}`;
    }
    if (name === 'kind' && value.type === 'kind') {
      return `coalesce(kind, 0) = ${SPAN_KIND_NUMBERS.get(value.value) ?? 0}`;
    }
    return undefined;
  }
  if (field.kind !== 'attribute' || field.parent) return undefined;
  const text = staticText(value);
  if (text === undefined) return undefined;
  if (field.scope === 'span') return spanCondition(field.name, text, params);
  if (field.scope === 'resource') return resourceCondition(field.name, text, params);
  if (field.scope === 'none') {
    return `(${spanCondition(field.name, text, params)} OR ${resourceCondition(field.name, text, params)})`;
  }
  return undefined;
}

/** The conditions of `a = 1 && b = 2 …`; undefined when any part is something else. */
function conditions(expr: FieldExpr, params: SqlParams): string[] | undefined {
  if (expr.kind === 'static' && expr.type === 'bool' && expr.value) return [];
  if (expr.kind !== 'binary') return undefined;
  if (expr.op === '&&') {
    const left = conditions(expr.left, params);
    const right = conditions(expr.right, params);
    return left && right ? [...left, ...right] : undefined;
  }
  if (expr.op !== '=') return undefined;
  const condition =
    equality(expr.left, expr.right, params) ?? equality(expr.right, expr.left, params);
  return condition === undefined ? undefined : [condition];
}

/**
 * SQL narrowing spans to those `q` selects, for `{}` and a filter of `=` comparisons joined by
 * `&&` on span and resource attributes, name, status and kind. Anything else (or a query that
 * does not parse) gives no condition: Tempo too answers the unfiltered tags when it cannot use q.
 */
export function tagFilterSql(q: string | undefined, params: SqlParams): string[] {
  if (q === undefined) return [];
  let expr: unknown;
  try {
    expr = parseTraceql(q).expr;
  } catch {
    return [];
  }
  const filter = expr as { kind: string; filter?: FieldExpr };
  if (filter.kind !== 'spansetFilter' || filter.filter === undefined) return [];
  const mark = params.values.length;
  const found = conditions(filter.filter, params);
  if (found === undefined) params.values.splice(mark);
  return found ?? [];
}
