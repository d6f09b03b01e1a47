// Which fields a query names (in filters, select(), by() and aggregates), and what a matched span
// shows of them: Tempo's search results carry the attributes it fetched for the query.
import type { Expr, Field, FieldExpr, ScalarExpr } from '../ast';
import { fieldsOf } from './compile-field-expr';
import { type EvalState, fieldAccessor, fieldTarget } from './field-access';
import { shownKey } from './field-names';
import type { FieldValue, NamedValue } from './field-value';

function* fieldExprsOf(expr: Expr): Generator<FieldExpr> {
  switch (expr.kind) {
    case 'spansetFilter':
      yield expr.filter;
      return;
    case 'spansetOperation':
      yield* fieldExprsOf(expr.left);
      yield* fieldExprsOf(expr.right);
      return;
    case 'pipeline':
      for (const stage of expr.stages) yield* fieldExprsOf(stage);
      return;
    case 'by':
    case 'select':
      yield* expr.fields;
      return;
    case 'scalarFilter':
      yield* aggregateFields(expr.left);
      yield* aggregateFields(expr.right);
      return;
  }
}

function* aggregateFields(expr: ScalarExpr): Generator<FieldExpr> {
  if (expr.kind === 'aggregate' && expr.fn !== 'count') yield expr.field;
  if (expr.kind === 'arithmetic') {
    yield* aggregateFields(expr.left);
    yield* aggregateFields(expr.right);
  }
}

export type ShownAttributes = (state: EvalState) => NamedValue[];

/** Reads, for one span, the query's fields Tempo shows (present ones only, one per key). */
export function compileShownAttributes(expr: Expr): ShownAttributes {
  const byKey = new Map<string, Field[]>();
  for (const fe of fieldExprsOf(expr)) {
    for (const field of fieldsOf(fe)) {
      const key = shownKey(field);
      if (key !== undefined) byKey.set(key, [...(byKey.get(key) ?? []), field]);
    }
  }
  const readers = [...byKey].map(([name, fields]) => ({
    name,
    reads: fields.map((f) => readAnywhere(f)),
  }));
  return (state) => {
    const shown: NamedValue[] = [];
    for (const { name, reads } of readers) {
      for (const read of reads) {
        const value = read(state);
        if (value.type !== 'nil') {
          shown.push({ name, value });
          break;
        }
      }
    }
    return shown;
  };
}

const anywhere = new WeakMap<Field, (state: EvalState) => FieldValue>();

/** The field's value on the span; for an event or link field, the first event or link that has it. */
export function readAnywhere(field: Field): (state: EvalState) => FieldValue {
  let reader = anywhere.get(field);
  if (!reader) {
    reader = compileReadAnywhere(field);
    anywhere.set(field, reader);
  }
  return reader;
}

function compileReadAnywhere(field: Field): (state: EvalState) => FieldValue {
  const read = fieldAccessor(field);
  const target = fieldTarget(field);
  if (target === 'span') return read;
  return (state) => {
    let value: FieldValue = { type: 'nil' };
    const items = target === 'event' ? state.span.events : state.span.links;
    for (const item of items) {
      if (target === 'event') state.event = item as EvalState['event'];
      else state.link = item as EvalState['link'];
      value = read(state);
      if (value.type !== 'nil') break;
    }
    state.event = undefined;
    state.link = undefined;
    return value;
  };
}
