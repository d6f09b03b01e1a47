/** Units for the graph's axis and the table's values. */
export const UNITS = ['short', 'seconds', 'bytes', 'percent', 'none'] as const;
export type Unit = (typeof UNITS)[number];

/** A unit from the metric's name suffix (OpenMetrics convention), else short. */
export function guessUnit(query: string): Unit {
  if (/_seconds(_\w+)?\b/.test(query) && !/_count\b/.test(query)) return 'seconds';
  if (/_bytes\b/.test(query)) return 'bytes';
  if (/_ratio\b/.test(query)) return 'percent';
  return 'short';
}

const SI = [
  [1e12, 'T'],
  [1e9, 'G'],
  [1e6, 'M'],
  [1e3, 'k'],
] as const;

export function formatValue(value: number | null, unit: Unit): string {
  if (value === null || Number.isNaN(value)) return '—';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  switch (unit) {
    case 'none':
      return String(value);
    case 'percent':
      return `${trim(value * 100)}%`;
    case 'seconds':
      return seconds(value);
    case 'bytes':
      return bytes(value);
    default:
      return short(value);
  }
}

function trim(n: number): string {
  return String(Number(n.toPrecision(3)));
}

function short(value: number): string {
  const abs = Math.abs(value);
  for (const [size, suffix] of SI) if (abs >= size) return `${trim(value / size)}${suffix}`;
  return trim(value);
}

function seconds(value: number): string {
  const abs = Math.abs(value);
  if (abs === 0) return '0s';
  if (abs < 1e-3) return `${trim(value * 1e6)}µs`;
  if (abs < 1) return `${trim(value * 1e3)}ms`;
  if (abs < 60) return `${trim(value)}s`;
  if (abs < 3600) return `${trim(value / 60)}min`;
  return `${trim(value / 3600)}h`;
}

function bytes(value: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = value;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${trim(v)}${units[i]}`;
}
