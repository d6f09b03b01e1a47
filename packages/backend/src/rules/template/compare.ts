/** text/template's comparison builtins: eq ne lt le gt ge, with Go's type rules. */
import { GoInt, type GoValue } from './go-value.js';

type Basic = { kind: 'int' | 'float' | 'string' | 'bool'; v: number | string | boolean };

function basic(v: GoValue): Basic {
  if (v instanceof GoInt) return { kind: 'int', v: v.v };
  if (typeof v === 'number') return { kind: 'float', v };
  if (typeof v === 'string') return { kind: 'string', v };
  if (typeof v === 'boolean') return { kind: 'bool', v };
  if (v === null) throw new Error('invalid type for comparison');
  throw new Error('non-comparable type');
}

function same(a: Basic, b: Basic): void {
  if (a.kind !== b.kind) throw new Error('incompatible types for comparison');
}

export function eq(first: GoValue, others: GoValue[]): boolean {
  if (others.length === 0) throw new Error('missing argument for comparison');
  const a = basic(first);
  return others.some((o) => {
    const b = basic(o);
    same(a, b);
    return a.v === b.v;
  });
}

export function lt(x: GoValue, y: GoValue): boolean {
  const a = basic(x);
  const b = basic(y);
  if (a.kind === 'bool' || b.kind === 'bool') throw new Error('invalid type for comparison');
  same(a, b);
  return a.v < b.v;
}

/** eq, ne, lt, le, gt or ge applied to evaluated arguments. */
export function compare(name: string, args: GoValue[]): boolean {
  if (name === 'eq') return eq(args[0] ?? null, args.slice(1));
  if (args.length !== 2) {
    throw new Error(`wrong number of args for ${name}: want 2 got ${args.length}`);
  }
  const [a, b] = args as [GoValue, GoValue];
  if (name === 'ne') return !eq(a, [b]);
  if (name === 'lt') return lt(a, b);
  if (name === 'le') return lt(a, b) || eq(a, [b]);
  if (name === 'gt') return !lt(a, b) && !eq(a, [b]);
  return !lt(a, b);
}
