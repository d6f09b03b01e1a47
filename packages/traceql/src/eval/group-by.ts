// by(…) splits each span set into one per distinct value (nil is a value too), the groups in the
// order their first span comes; select() only widens what the spans show; coalesce() merges.
import type { FieldExpr } from '../ast';
import { compileFieldExpr } from './compile-field-expr';
import { fieldExprText } from './field-names';
import type { FieldValue, NamedValue } from './field-value';
import type { RegexCache } from './regex-cache';
import type { TraceqlSpan } from './trace-model';
import { type Stage, type WorkSet, withAttributes } from './work-set';

export function compileGroupBy(fields: readonly FieldExpr[], regexes: RegexCache): Stage {
  const readers = fields.map((f) => ({
    name: `by(${fieldExprText(f)})`,
    read: compileFieldExpr(f, regexes),
  }));
  return (input, state) => {
    const output: WorkSet[] = [];
    for (const set of input) {
      const groups = new Map<string, { spans: TraceqlSpan[]; named: NamedValue[] }>();
      for (const span of set.spans) {
        state.span = span;
        const named = readers.map((r) => ({ name: r.name, value: r.read(state) }));
        const key = named.map((n) => valueKey(n.value)).join('\u0000');
        const group = groups.get(key);
        if (group) group.spans.push(span);
        else groups.set(key, { spans: [span], named });
      }
      for (const { spans, named } of groups.values())
        output.push({ spans, attributes: withAttributes(set.attributes, named) });
    }
    return output;
  };
}

function valueKey(v: FieldValue): string {
  switch (v.type) {
    case 'nil':
      return 'nil';
    case 'duration':
      return `duration:${v.ns}`;
    case 'array':
      return `array:${v.values.map(valueKey).join(',')}`;
    default:
      return `${v.type}:${String(v.value)}`;
  }
}

export const selectStage: Stage = (input) => input;

/** All span sets of the trace as one, without the attributes grouping gave them (as Tempo). */
export const coalesceStage: Stage = (input) =>
  input.length === 0 ? [] : [{ spans: input.flatMap((s) => s.spans), attributes: [] }];
