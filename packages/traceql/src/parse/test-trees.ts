// Small builders for the expected trees in the parser's tests.
import type { AttributeScope, Expr, FieldExpr, Intrinsic, Static } from '../ast';

export const attr = (name: string, scope: AttributeScope = 'none', parent = false): FieldExpr => ({
  kind: 'attribute',
  scope,
  parent,
  name,
});
export const intrinsic = (name: string): Intrinsic => ({ kind: 'intrinsic', name });
export const int = (value: number): Static => ({ kind: 'static', type: 'int', value });
export const str = (value: string): Static => ({ kind: 'static', type: 'string', value });
export const bin = (op: string, left: FieldExpr, right: FieldExpr): FieldExpr =>
  ({ kind: 'binary', op, left, right }) as FieldExpr;
export const filter = (f: FieldExpr): Expr => ({ kind: 'spansetFilter', filter: f });
export const all: Expr = filter({ kind: 'static', type: 'bool', value: true });
