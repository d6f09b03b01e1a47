// promqltest re-runs each instant case with every selector pinned by `@ <eval time>` and evaluated at
// other times: a correct engine gives the same answer.
import type { Expr } from '../ast';
import { children } from '../ast';
import { atModifierUnsafeFunctions } from '../parse/function-signatures';

/** Pins selectors and subqueries (outside an already pinned subquery); false if a function forbids it. */
export function pinToTime(expr: Expr, time: number): boolean {
  let safe = true;
  const walk = (e: Expr): void => {
    switch (e.kind) {
      case 'vectorSelector':
        e.at ??= { kind: 'time', time };
        return;
      case 'matrixSelector':
        e.selector.at ??= { kind: 'time', time };
        return;
      case 'subquery':
        // Selectors inside a pinned subquery keep their own times.
        e.at ??= { kind: 'time', time };
        return;
      case 'call':
        if (atModifierUnsafeFunctions.has(e.name)) safe = false;
        break;
    }
    for (const c of children(e)) walk(c);
  };
  walk(expr);
  return safe;
}

export function variantTimes(ts: number): number[] {
  return ts === 0 ? [-1000, 0, 1000] : [-10 * ts, 0, Math.trunc(ts / 5), ts, 10 * ts];
}
