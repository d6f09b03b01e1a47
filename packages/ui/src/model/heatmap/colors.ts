/**
 * The heatmap's colour scale: Grafana's default for heatmaps is a sequential orange; light for
 * few, dark for many, on a square-root scale so rare slow requests still show.
 */
const STOPS: [number, number, number][] = [
  [254, 237, 222],
  [253, 190, 133],
  [253, 141, 60],
  [230, 85, 13],
  [166, 54, 3],
];

export function cellColor(count: number, max: number): string {
  const t = max > 0 ? Math.sqrt(Math.min(1, Math.max(0, count / max))) : 0;
  const position = t * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(position));
  const f = position - i;
  const [a, b] = [STOPS[i], STOPS[i + 1]] as [[number, number, number], [number, number, number]];
  const mix = (k: 0 | 1 | 2) => Math.round(a[k] + (b[k] - a[k]) * f);
  return `rgb(${mix(0)}, ${mix(1)}, ${mix(2)})`;
}
