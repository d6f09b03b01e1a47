// Functions applied to one step's instant vectors: math, clamp, round, dates, sort, scalar, and the
// histogram functions. Float-only functions drop native-histogram samples, as Prometheus's do.
import { histogramFunctions } from './histogram-functions';
import type { InstantFunction, StepArgs } from './instant-function-types';
import { dateParts, type ValueFunction, valueFunctions } from './value-functions';
import type { Sample, Vector } from './values';

/** The per-value functions, applied to one step's vector. */
function fromValueFunction(fn: ValueFunction): InstantFunction {
  return (a) => {
    const params = a.vectors.slice(1).map((v) => v[0]?.f ?? Number.NaN);
    const out: Vector = [];
    for (const s of a.vectors[0] as Vector) {
      if (s.h) continue;
      const f = fn(s.f, params);
      if (f !== undefined) out.push({ metric: s.metric, f, t: s.t, dropName: true });
    }
    return out;
  };
}

function scalarArg(args: StepArgs, i: number): number {
  return args.vectors[i]?.[0]?.f ?? Number.NaN;
}

/** Date functions read sample values as Unix seconds, or the step time without an argument. */
function dateFunction(name: string): InstantFunction {
  const part = dateParts[name] as (d: Date) => number;
  const ofValues = fromValueFunction(valueFunctions[name] as ValueFunction);
  return (args) => {
    if (args.vectors.length > 0) return ofValues(args);
    return [
      {
        metric: [],
        f: part(new Date(Math.floor(args.t / 1000) * 1000)),
        t: args.t,
        dropName: false,
      },
    ];
  };
}

function sortBy(compare: (a: Sample, b: Sample) => number): InstantFunction {
  return ({ vectors }) => (vectors[0] as Vector).filter((s) => !s.h).sort(compare);
}

function compareValues(a: Sample, b: Sample, desc: boolean): number {
  // NaN sorts last in both directions.
  const an = Number.isNaN(a.f);
  const bn = Number.isNaN(b.f);
  if (an || bn) return an === bn ? 0 : an ? 1 : -1;
  return desc ? b.f - a.f : a.f - b.f;
}

export const instantFunctions: Readonly<Record<string, InstantFunction>> = {
  ...Object.fromEntries(
    Object.entries(valueFunctions).map(([name, fn]) => [
      name,
      name in dateParts ? dateFunction(name) : fromValueFunction(fn),
    ]),
  ),
  pi: (a) => [{ metric: [], f: Math.PI, t: a.t, dropName: false }],
  time: (a) => [{ metric: [], f: a.t / 1000, t: a.t, dropName: false }],
  vector: (a) => [{ metric: [], f: scalarArg(a, 0), t: a.t, dropName: false }],
  scalar: (a) => {
    // The value of the only float sample; histograms do not count.
    const floats = (a.vectors[0] as Vector).filter((s) => !s.h);
    const f = floats.length === 1 ? (floats[0] as Sample).f : Number.NaN;
    return [{ metric: [], f, t: a.t, dropName: false }];
  },
  timestamp: ({ vectors }) =>
    (vectors[0] as Vector).map((s) => ({
      metric: s.metric,
      f: s.t / 1000,
      t: s.t,
      dropName: true,
    })),
  sort: sortBy((a, b) => compareValues(a, b, false)),
  sort_desc: sortBy((a, b) => compareValues(a, b, true)),
  ...histogramFunctions,
};
