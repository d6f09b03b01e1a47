// Grafana's grammar gives every field operator one precedence and orders the span set operators
// its own way; Tempo's grammar does not. A chain of binary operators read off the Lezer tree is
// re-associated here with Tempo's precedences (lowest first: |; && ||; comparisons and structural
// operators; + -; * / %; ^, which is right-associative).

const LEVELS: readonly (readonly string[])[] = [
  ['|'],
  ['&&', '||'],
  ['=', '!=', '<', '<=', '>', '>=', '=~', '!~', '>>', '<<', '~'],
  ['!>', '!>>', '!<', '!<<', '&>', '&>>', '&<', '&<<', '&~'],
  ['+', '-'],
  ['*', '/', '%'],
  ['^'],
];

function level(op: string): number {
  const i = LEVELS.findIndex((ops) => ops.includes(op));
  if (i < 0) throw new Error(`unknown operator ${op}`);
  // The structural negations and unions share the comparisons' level.
  return i === 3 ? 2 : i;
}

/** Builds the tree of `operands[0] ops[0] operands[1] …` by precedence climbing. */
export function associate<T>(
  operands: readonly T[],
  ops: readonly string[],
  build: (op: string, left: T, right: T) => T,
): T {
  // operands[i] is followed by ops[i]; `next` is the operand to read.
  let next = 0;
  const climb = (minLevel: number): T => {
    let left = operands[next++] as T;
    while (next - 1 < ops.length) {
      const op = ops[next - 1] as string;
      const l = level(op);
      if (l < minLevel) break;
      const right = climb(op === '^' ? l : l + 1);
      left = build(op, left, right);
    }
    return left;
  };
  return climb(0);
}
