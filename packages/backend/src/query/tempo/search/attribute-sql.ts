/**
 * `span.k`, `resource.k` and `.k` compared with a static, as conditions on `spans s`. Span
 * attributes are read from the compact JSON, after a text test for the key that rules out most
 * rows before any JSON is parsed; http.route from its column (storage/span-columns.ts writes the
 * string attribute there too). Resource attributes are matched in the few rows of `resources`
 * and spans then by resource_id; resource.service.name from the `service` column.
 */
import type { Attribute, ComparisonOp, Static } from '@otel-lab/traceql';
import { jsonPointer } from '../../../storage/compact-attributes.js';
import { SqlParams } from '../../sql-params.js';
import type { ResourceIds } from './resource-ids.js';
import { COMPACT_FORM, comparisonSql, OTLP_FORM, valueSql } from './value-sql.js';

/** Spans whose service column is this had no string service.name (span-columns.ts). */
const NO_SERVICE = 'unknown_service';

/** The stored text may hold the key: a cheap test before the JSON is parsed. */
const mayHoldKey = (key: string, params: SqlParams) =>
  `contains(s.attributes::VARCHAR, ${params.add(`${JSON.stringify(key)}:`)})`;

/** Whether the span has attribute `key` (an empty value counts as none). */
function spanHas(key: string, params: SqlParams): string {
  const pointer = params.add(jsonPointer(key));
  return `(${mayHoldKey(key, params)} AND coalesce(json_type(s.attributes, ${pointer}), 'NULL') <> 'NULL')`;
}

function spanValue(key: string, op: ComparisonOp, value: Static, params: SqlParams) {
  const v = `(s.attributes->${params.add(jsonPointer(key))})`;
  const compared = valueSql(COMPACT_FORM, v, op, value, params);
  if (compared === undefined || compared === 'FALSE') return compared;
  const json = `(${mayHoldKey(key, params)} AND ${compared})`;
  if (key !== 'http.route' || value.type !== 'string') return json;
  // The column holds the route when it is a string; other types (arrays) are in the JSON only.
  const column = comparisonSql(op, 's.http_route', params.add(value.value)) as string;
  return `(coalesce(${column}, false) OR (s.http_route IS NULL AND ${json}))`;
}

/**
 * Spans whose resource row satisfies `condition` over its attribute value `v`: by a list of
 * ids once `resources` has them, else by the subquery (never NULL: a `NOT` may wrap it).
 */
function resourceWhere(
  key: string,
  condition: (v: string) => string,
  params: SqlParams,
  resources: ResourceIds | undefined,
) {
  const subquery = `SELECT r.id FROM resources r
    WHERE len(list_filter(json_extract(r.body, '$.attributes[*]'),
      lambda kv: kv->>'key' = ${params.add(key)} AND ${condition("(kv->'value')")})) > 0`;
  const ids = resources?.lookup(subquery, params.values);
  if (ids === undefined) return `coalesce(s.resource_id IN (${subquery}), false)`;
  if (ids.length === 0) return 'FALSE';
  return `coalesce(s.resource_id IN (${ids.map((id) => Math.trunc(id)).join(', ')}), false)`;
}

const resourceHas = (key: string, params: SqlParams, resources: ResourceIds | undefined) =>
  resourceWhere(key, (v) => `(${v}) IS NOT NULL AND (${v})::VARCHAR <> '{}'`, params, resources);

function resourceValue(
  key: string,
  op: ComparisonOp,
  value: Static,
  params: SqlParams,
  resources: ResourceIds | undefined,
) {
  // A dry run on throw-away parameters: whether the comparison is decided in SQL at all.
  const probe = valueSql(OTLP_FORM, 'v', op, value, new SqlParams());
  if (probe === undefined || probe === 'FALSE') return probe;
  const where = resourceWhere(
    key,
    (v) => valueSql(OTLP_FORM, v, op, value, params) as string,
    params,
    resources,
  );
  if (resources || key !== 'service.name' || value.type !== 'string' || op !== '=') return where;
  if (value.value === NO_SERVICE) return where;
  // The service column answers for nearly every span; only spans without a string service.name
  // (an array, say) need their resource read.
  return `(s.service = ${params.add(value.value)} OR (s.service = '${NO_SERVICE}' AND ${where}))`;
}

/** `attribute op static` (NULL or false when it does not hold); undefined when not decided in SQL. */
export function attributeSql(
  attribute: Attribute,
  op: ComparisonOp,
  value: Static,
  params: SqlParams,
  resources?: ResourceIds,
): string | undefined {
  if (attribute.parent) return undefined;
  const { name } = attribute;
  if (value.type === 'nil') {
    if (op !== '=' && op !== '!=') return undefined;
    const has =
      attribute.scope === 'span'
        ? spanHas(name, params)
        : attribute.scope === 'resource'
          ? resourceHas(name, params, resources)
          : attribute.scope === 'none'
            ? `(${spanHas(name, params)} OR ${resourceHas(name, params, resources)})`
            : undefined;
    return has === undefined ? undefined : op === '!=' ? has : `(NOT ${has})`;
  }
  if (attribute.scope === 'span') return spanValue(name, op, value, params);
  if (attribute.scope === 'resource') return resourceValue(name, op, value, params, resources);
  if (attribute.scope !== 'none') return undefined;
  // Unscoped: the span's attribute when it has one, else the resource's (Tempo's order).
  const own = spanValue(name, op, value, params);
  const resource = resourceValue(name, op, value, params, resources);
  if (own === undefined || resource === undefined) return undefined;
  return `(CASE WHEN ${spanHas(name, params)} THEN ${own} ELSE ${resource} END)`;
}
