// Bucket boundaries of native histograms, equal bit for bit to Prometheus's (model/histogram getBound).
// Boundaries surface in API output and in every interpolation, so an ulp matters when comparing with a
// real Prometheus.
import { CUSTOM_BUCKETS_SCHEMA } from './float-histogram';

/**
 * Prometheus keeps the fractions 2^(j/256 - 1), j = 0…255, as a table of constants; its constants are
 * not all correctly rounded. We compute the correctly rounded value exactly (with BigInt) and add
 * Prometheus's deviation from it, in units in the last place (2^-53 here), so that every boundary
 * matches its own, which the boundary tests check.
 */
const ULP_DEVIATION = [
  0, 0, 0, 0, 0, 0, -1, 0, 0, 0, -1, 0, 0, 0, 0, 0, 0, 0, -1, -2, 0, 0, -1, -1, -1, -1, -1, -1, -1,
  -1, -1, -1, 0, 0, -1, 0, 0, 0, -1, 0, 0, -1, -1, -1, 0, 0, -1, -1, 0, 0, -1, -1, 0, 1, -1, -1, 0,
  0, -1, -1, 0, 0, -1, -1, 0, 0, 0, 0, 0, 0, -1, -1, -1, -1, -2, -2, -1, 0, -2, -1, 0, 0, -1, 0, 0,
  0, -1, 0, 0, 0, 0, -1, 0, 0, 0, 0, 0, 0, 0, -1, 0, 1, 0, 0, -1, 0, -2, -2, 0, 0, -1, -1, 0, -1,
  -1, -1, 0, 0, -1, 0, -1, 0, -2, -2, -1, -1, -1, -1, -1, 0, -1, 0, -1, -1, -2, -2, -1, -1, -2, -1,
  -1, 0, -1, -1, -1, -1, -1, -1, -1, -1, -2, -1, -2, -1, -2, -2, -2, -1, -2, -2, 0, 0, -1, -1, 0, 0,
  -1, 0, -1, -1, -2, -2, -1, 0, -2, -2, -1, -1, -2, -2, -1, 0, -1, -1, -2, -1, -2, -2, -1, -1, -2,
  -1, -1, -1, -3, -2, -1, -1, -2, -1, -2, -2, -3, -2, -2, -2, -3, -2, -2, -2, -2, -2, -2, -2, -3,
  -3, -3, -3, -4, -4, -3, -2, -4, -3, -1, -1, -2, -1, -1, -2, -2, -2, -2, -1, -3, -3, -1, -1, -2,
  -2, -2, -1, -3, -2, -1, -1, -2, -2, -2, -2, -4, -3, -2, -2, -3, -3,
];

const TWO_POW_53 = 2 ** 53;

/** The correctly rounded 2^(j/256 - 1) as an integer mantissa m (value m·2^-53). */
export function exactFractionMantissa(j: number): bigint {
  // m is right when (m - 1/2)^256 < 2^(j - 256)·2^(53·256) < (m + 1/2)^256; start from Math.pow's guess.
  const target = 1n << BigInt(j + 53 * 256);
  let m = BigInt(Math.round(2 ** (j / 256 - 1) * TWO_POW_53));
  while ((2n * m + 1n) ** 256n <= target) m++;
  while ((2n * m - 1n) ** 256n > target) m--;
  return m;
}

let fractions: Float64Array | undefined;

/** Prometheus's fraction 2^(j/256 - 1) for j = 0…255 (computed once, on first use). */
export function boundFraction(j: number): number {
  if (fractions === undefined) {
    fractions = new Float64Array(256);
    for (let i = 0; i < 256; i++) {
      fractions[i] =
        Number(exactFractionMantissa(i) + BigInt(ULP_DEVIATION[i] as number)) / TWO_POW_53;
    }
  }
  return fractions[j] as number;
}

/** x·2^exp for 0.5 <= x < 1 with one rounding, as Go's math.Ldexp. */
function ldexp(x: number, exp: number): number {
  // 2^exp is exact down to the smallest subnormal, so one multiplication rounds once; below that
  // the result rounds to zero. Above 2^1023 the product is exact or overflows to +Inf.
  if (exp > 1023) return x * 2 ** 1023 * 2 ** (exp - 1023);
  if (exp < -1074) return 0;
  return x * 2 ** exp;
}

/**
 * The upper bound of bucket `index` at exponential `schema` (-4…8): (2^(2^-schema))^index. The last
 * bucket before the overflow bucket ends at Number.MAX_VALUE rather than +Inf, as in Prometheus.
 */
export function exponentialBucketBound(index: number, schema: number): number {
  if (schema < 0) {
    const exp = index * 2 ** -schema;
    if (exp === 1024) return Number.MAX_VALUE;
    return ldexp(1, exp);
  }
  const perOctave = 2 ** schema;
  const fracIndex = index - Math.floor(index / perOctave) * perOctave;
  const frac = boundFraction(fracIndex * 2 ** (8 - schema));
  const exp = Math.floor(index / perOctave) + 1;
  if (frac === 0.5 && exp === 1025) return Number.MAX_VALUE;
  return ldexp(frac, exp);
}

/**
 * The upper bound of bucket `index` (the lower bound is that of index - 1): exponential, or for
 * custom buckets customValues[index], with -Inf below the first and +Inf as the last.
 */
export function bucketBound(
  index: number,
  schema: number,
  customValues?: readonly number[],
): number {
  if (schema !== CUSTOM_BUCKETS_SCHEMA) return exponentialBucketBound(index, schema);
  const values = customValues ?? [];
  if (index === -1) return Number.NEGATIVE_INFINITY;
  if (index === values.length) return Number.POSITIVE_INFINITY;
  const bound = values[index];
  if (bound === undefined) {
    throw new RangeError(`index ${index} out of bounds for ${values.length} custom bounds`);
  }
  return bound;
}
