// The names Tempo gives fields: the key of an attribute in search results (its name without the
// scope; an intrinsic's canonical name) and the text of a field in by(…) and aggregate names.
import type { Field, FieldExpr } from '../ast';

/** Every spelling of an intrinsic to the name Tempo prints for it. */
const CANONICAL: Readonly<Record<string, string>> = {
  'span:duration': 'duration',
  'span:name': 'name',
  'span:status': 'status',
  'span:statusMessage': 'statusMessage',
  'span:kind': 'kind',
  'trace:duration': 'traceDuration',
  'trace:rootName': 'rootName',
  'trace:rootService': 'rootServiceName',
};

export const intrinsicName = (name: string) => CANONICAL[name] ?? name;

/** Intrinsics Tempo's search results leave out of a span's attributes (they have fields of their own). */
const NOT_SHOWN: ReadonlySet<string> = new Set([
  'name',
  'duration',
  'traceDuration',
  'rootServiceName',
  'rootName',
  'trace:id',
  'span:id',
]);

/** The key of the field in a matched span's attributes; undefined when Tempo does not show it. */
export function shownKey(field: Field): string | undefined {
  if (field.kind === 'attribute') return field.name;
  const name = intrinsicName(field.name);
  return NOT_SHOWN.has(name) ? undefined : name;
}

export function fieldText(field: Field): string {
  if (field.kind === 'intrinsic') return intrinsicName(field.name);
  const name = /^[\w.\-/:]+$/.test(field.name) ? field.name : JSON.stringify(field.name);
  const scope = field.scope === 'none' ? '' : field.scope;
  return `${field.parent ? 'parent.' : ''}${scope}.${name}`;
}

/** The text of a field expression, as in `by(resource.service.name)` and `avg(duration)`. */
export function fieldExprText(expr: FieldExpr): string {
  switch (expr.kind) {
    case 'intrinsic':
    case 'attribute':
      return fieldText(expr);
    case 'variable':
      return expr.name;
    case 'unary':
      return `${expr.op}${fieldExprText(expr.operand)}`;
    case 'binary':
      return `${fieldExprText(expr.left)} ${expr.op} ${fieldExprText(expr.right)}`;
    case 'static':
      switch (expr.type) {
        case 'string':
          return JSON.stringify(expr.value);
        case 'duration':
          return `${expr.ns}ns`;
        case 'nil':
          return 'nil';
        default:
          return String(expr.value);
      }
  }
}
