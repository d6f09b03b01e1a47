/** Values as text in a panel's unit (fieldConfig.defaults.unit), the common Grafana units. */

function num(value: number, decimals?: number): string {
  if (decimals !== undefined) return value.toFixed(decimals);
  const abs = Math.abs(value);
  const digits = abs === 0 ? 0 : abs < 1 ? 3 : abs < 10 ? 2 : abs < 100 ? 1 : 0;
  return String(Number(value.toFixed(digits)));
}

const SI = ['', 'K', 'M', 'B', 'T'];

function short(value: number, decimals?: number): string {
  let scaled = value;
  let i = 0;
  while (Math.abs(scaled) >= 1000 && i < SI.length - 1) {
    scaled /= 1000;
    i++;
  }
  return `${num(scaled, decimals)}${SI[i] ? ` ${SI[i]}` : ''}`;
}

function duration(seconds: number, decimals?: number): string {
  const abs = Math.abs(seconds);
  if (abs === 0) return '0 s';
  if (abs < 1e-6) return `${num(seconds * 1e9, decimals)} ns`;
  if (abs < 1e-3) return `${num(seconds * 1e6, decimals)} µs`;
  if (abs < 1) return `${num(seconds * 1e3, decimals)} ms`;
  if (abs < 60) return `${num(seconds, decimals)} s`;
  if (abs < 3600) return `${num(seconds / 60, decimals)} min`;
  if (abs < 86_400) return `${num(seconds / 3600, decimals)} hour`;
  return `${num(seconds / 86_400, decimals)} day`;
}

function bytes(value: number, decimals?: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let scaled = value;
  let i = 0;
  while (Math.abs(scaled) >= 1024 && i < units.length - 1) {
    scaled /= 1024;
    i++;
  }
  return `${num(scaled, decimals)} ${units[i]}`;
}

const FORMATS: Record<string, (value: number, decimals?: number) => string> = {
  s: duration,
  ms: (v, d) => duration(v / 1e3, d),
  us: (v, d) => duration(v / 1e6, d),
  µs: (v, d) => duration(v / 1e6, d),
  ns: (v, d) => duration(v / 1e9, d),
  percentunit: (v, d) => `${num(v * 100, d)}%`,
  percent: (v, d) => `${num(v, d)}%`,
  reqps: (v, d) => `${short(v, d)} req/s`,
  ops: (v, d) => `${short(v, d)} ops/s`,
  rps: (v, d) => `${short(v, d)} rd/s`,
  bytes,
  decbytes: (v, d) => short(v, d).replace(/ ?([KMBT]?)$/, (_, p: string) => ` ${p}B`),
  short,
  none: num,
};

/** The value as text in `unit`; unknown units format as `short` followed by the unit's name. */
export function formatValue(
  value: number | null | undefined,
  unit?: string,
  decimals?: number,
): string {
  if (value === null || value === undefined || Number.isNaN(value)) return 'No data';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  const format = FORMATS[unit || 'short'];
  if (format) return format(value, decimals);
  return `${short(value, decimals)} ${unit}`;
}
