import type { Field } from '@otel-lab/traceql';
import { jsonPointer } from '../../../storage/compact-attributes.js';
import type { SqlParams } from '../../sql-params.js';
import type { LabelValue } from './label-value.js';
import { compactLabel } from './stored-label.js';

/** resource_id → that resource's attributes. */
export type ResourceLookup = (id: number | null) => ReadonlyMap<string, LabelValue> | undefined;

/** A by() field the SQL path can group by: what it selects and how a row's cells become a label. */
export interface GroupColumn {
  readonly exprs: readonly string[];
  readonly decode: (cells: readonly unknown[], resources: ResourceLookup) => LabelValue;
}

const STATUS = ['unset', 'ok', 'error'];
const KINDS = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];
const NIL: LabelValue = { type: 'nil' };

function resourceValue(name: string): GroupColumn['decode'] {
  return (cells, resources) => resources((cells.at(-1) as number | null) ?? null)?.get(name) ?? NIL;
}

/** A span attribute's compact JSON text; http.route reads its promoted column first. */
function spanAttribute(name: string, params: SqlParams): GroupColumn {
  const pointer = params.add(jsonPointer(name));
  if (name === 'http.route') {
    return {
      exprs: [
        'http_route',
        `CASE WHEN http_route IS NULL THEN (attributes->${pointer})::VARCHAR END`,
      ],
      decode: ([route, json]) =>
        typeof route === 'string'
          ? { type: 'string', value: route }
          : compactLabel(json as string | null),
    };
  }
  return {
    exprs: [`(attributes->${pointer})::VARCHAR`],
    decode: ([json]) => compactLabel(json as string | null),
  };
}

function intrinsic(name: string): GroupColumn | undefined {
  switch (name.replace(/^span:/, '')) {
    case 'name':
      return { exprs: ['name'], decode: ([v]) => ({ type: 'string', value: String(v ?? '') }) };
    case 'status':
      return {
        exprs: ['coalesce(status_code, 0)'],
        decode: ([v]) => ({ type: 'status', value: STATUS[Number(v)] ?? 'unset' }),
      };
    case 'kind':
      return {
        exprs: ['coalesce(kind, 0)'],
        decode: ([v]) => ({ type: 'kind', value: KINDS[Number(v)] ?? 'unspecified' }),
      };
    default:
      return undefined;
  }
}

/** The SQL grouping of a by() field, or undefined when only the evaluator can say its value. */
export function groupColumn(field: Field, params: SqlParams): GroupColumn | undefined {
  if (field.kind === 'intrinsic') return intrinsic(field.name);
  if (field.parent) return undefined;
  if (field.scope === 'resource') {
    return { exprs: ['resource_id'], decode: resourceValue(field.name) };
  }
  if (field.scope === 'span') return spanAttribute(field.name, params);
  if (field.scope === 'none') {
    // Span first, then resource, as Tempo looks unscoped attributes up.
    const span = spanAttribute(field.name, params);
    const resource = resourceValue(field.name);
    return {
      exprs: [...span.exprs, 'resource_id'],
      decode: (cells, resources) => {
        const value = span.decode(cells.slice(0, -1), resources);
        return value.type === 'nil' ? resource(cells, resources) : value;
      },
    };
  }
  return undefined;
}
