// Before evaluation: the time range every selector needs, so storage is asked once per selector.
import type { AtModifier, Expr, VectorSelector } from '../ast';
import { children } from '../ast';
import { infoSelector, infoTimeAndOffset } from './info-function';

export interface SelectRange {
  minT: number;
  maxT: number;
}

export interface PlanOptions {
  readonly queryStart: number;
  readonly queryEnd: number;
  readonly lookbackDelta: number;
}

export function planSelects(expr: Expr, options: PlanOptions): Map<VectorSelector, SelectRange> {
  const out = new Map<VectorSelector, SelectRange>();
  const resolve = (at: AtModifier | undefined, lo: number, hi: number): [number, number] => {
    if (!at) return [lo, hi];
    const t =
      at.kind === 'start'
        ? options.queryStart
        : at.kind === 'end'
          ? options.queryEnd
          : at.kind === 'time'
            ? at.time
            : 0;
    return [t, t];
  };
  const add = (sel: VectorSelector, minT: number, maxT: number) => {
    const prev = out.get(sel);
    out.set(
      sel,
      prev ? { minT: Math.min(prev.minT, minT), maxT: Math.max(prev.maxT, maxT) } : { minT, maxT },
    );
  };
  const walk = (e: Expr, lo: number, hi: number): void => {
    switch (e.kind) {
      case 'vectorSelector': {
        const [a, b] = resolve(e.at, lo, hi);
        add(
          e,
          a - e.offset - options.lookbackDelta,
          b - e.offset + (e.smoothed ? options.lookbackDelta : 0),
        );
        return;
      }
      case 'matrixSelector': {
        const [a, b] = resolve(e.selector.at, lo, hi);
        const sel = e.selector;
        const extra = sel.anchored || sel.smoothed ? options.lookbackDelta : 0;
        add(
          sel,
          a - sel.offset - e.range - extra,
          b - sel.offset + (sel.smoothed ? options.lookbackDelta : 0),
        );
        return;
      }
      case 'subquery': {
        const [a, b] = resolve(e.at, lo, hi);
        walk(e.expr, a - e.offset - e.range, b - e.offset);
        return;
      }
      case 'call':
        if (e.name === 'info' && e.args[0]) {
          // info() selects info series itself, around the times its base expression is evaluated at.
          walk(e.args[0], lo, hi);
          const { at, offset } = infoTimeAndOffset(e.args[0]);
          const [a, b] = resolve(at, lo, hi);
          add(infoSelector(e), a - options.lookbackDelta + 1 - offset, b - offset);
          return;
        }
        for (const c of children(e)) walk(c, lo, hi);
        return;
      default:
        for (const c of children(e)) walk(c, lo, hi);
    }
  };
  walk(expr, options.queryStart, options.queryEnd);
  return out;
}
