// Functions that map each sample value on its own (math, clamp, round, dates of a value), with the
// other arguments as scalars. They can run series by series, as the evaluator's fast path does.

/** Returns the new value, or undefined to drop the sample. params are the scalar arguments. */
export type ValueFunction = (f: number, params: readonly number[]) => number | undefined;

function clamp(f: number, min: number, max: number): number | undefined {
  return max < min ? undefined : Math.max(min, Math.min(max, f));
}

/** Date functions read the value as Unix seconds, in UTC. */
function date(fn: (d: Date) => number): ValueFunction {
  return (f) => (Number.isFinite(f) ? fn(new Date(Math.trunc(f) * 1000)) : Number.NaN);
}

export function daysInMonth(d: Date): number {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
}

export function dayOfYear(d: Date): number {
  return Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1;
}

export const dateParts: Readonly<Record<string, (d: Date) => number>> = {
  minute: (d) => d.getUTCMinutes(),
  hour: (d) => d.getUTCHours(),
  day_of_week: (d) => d.getUTCDay(),
  day_of_month: (d) => d.getUTCDate(),
  day_of_year: dayOfYear,
  days_in_month: daysInMonth,
  month: (d) => d.getUTCMonth() + 1,
  year: (d) => d.getUTCFullYear(),
};

export const valueFunctions: Readonly<Record<string, ValueFunction>> = {
  abs: Math.abs,
  ceil: Math.ceil,
  floor: Math.floor,
  exp: Math.exp,
  sqrt: Math.sqrt,
  ln: Math.log,
  log2: Math.log2,
  log10: Math.log10,
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  asin: Math.asin,
  acos: Math.acos,
  atan: Math.atan,
  sinh: Math.sinh,
  cosh: Math.cosh,
  tanh: Math.tanh,
  asinh: Math.asinh,
  acosh: Math.acosh,
  atanh: Math.atanh,
  rad: (f) => (f * Math.PI) / 180,
  deg: (f) => (f * 180) / Math.PI,
  sgn: (f) => (f < 0 ? -1 : f > 0 ? 1 : f),
  clamp: (f, [min = Number.NaN, max = Number.NaN]) => clamp(f, min, max),
  clamp_min: (f, [min = Number.NaN]) => clamp(f, min, Number.POSITIVE_INFINITY),
  clamp_max: (f, [max = Number.NaN]) => clamp(f, Number.NEGATIVE_INFINITY, max),
  round: (f, [toNearest = 1]) => {
    const inverse = 1 / toNearest;
    return Math.floor(f * inverse + 0.5) / inverse;
  },
  ...Object.fromEntries(Object.entries(dateParts).map(([name, part]) => [name, date(part)])),
};
