/**
 * A legend click: a plain click toggles one series; shift- or alt-click shows only that one, and
 * on the series already shown alone shows them all again (as Prometheus's graph does).
 */
export function legendClick(visible: boolean[], index: number, isolate: boolean): boolean[] {
  if (!isolate) return visible.map((v, i) => (i === index ? !v : v));
  const alone = visible[index] && visible.every((v, i) => v === (i === index));
  return visible.map((_, i) => alone || i === index);
}
