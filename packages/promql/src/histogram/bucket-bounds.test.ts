import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  boundFraction,
  bucketBound,
  exactFractionMantissa,
  exponentialBucketBound,
} from './bucket-bounds';
import {
  CUSTOM_BUCKETS_SCHEMA,
  MAX_EXPONENTIAL_SCHEMA,
  MIN_EXPONENTIAL_SCHEMA,
} from './float-histogram';

// biome-ignore lint/suspicious/noApproximativeNumericConstant: Prometheus's boundary is one ulp below Math.SQRT2.
const PROMETHEUS_SQRT2 = 1.414213562373095;

describe('exponential bucket bounds equal the ones Prometheus tests', () => {
  // [index, schema, upper bound]: from Prometheus's getBoundExponential and bucket iterator tests.
  const rows: [number, number, number][] = [
    [-1, -1, 0.25],
    [0, -1, 1],
    [1, -1, 4],
    [512, -1, Number.MAX_VALUE],
    [513, -1, Number.POSITIVE_INFINITY],
    [-1, 0, 0.5],
    [0, 0, 1],
    [1, 0, 2],
    [6, 0, 64],
    [1024, 0, Number.MAX_VALUE],
    [1025, 0, Number.POSITIVE_INFINITY],
    [-1, 2, 0.8408964152537144],
    [0, 2, 1],
    [1, 2, 1.189207115002721],
    [4096, 2, Number.MAX_VALUE],
    [4097, 2, Number.POSITIVE_INFINITY],
    [-6, 3, 0.5946035575013605],
    [-5, 3, 0.6484197773255048],
    [-4, 3, 0.7071067811865475],
    [-3, 3, 0.7711054127039704],
    [-1, 3, 0.9170040432046711],
    [1, 3, 1.0905077326652577],
    [3, 3, 1.2968395546510096],
    [4, 3, PROMETHEUS_SQRT2],
    [5, 3, 1.5422108254079407],
    [1, 1, PROMETHEUS_SQRT2],
    [-3, 1, 0.35355339059327373],
    [3, 1, 2.82842712474619],
    [9, 1, 22.62741699796952],
    [-2, -2, 2 ** -8],
    [2, -4, 2 ** 32],
    [64, -4, Number.MAX_VALUE],
    [65, -4, Number.POSITIVE_INFINITY],
    [-8388608, 8, 0.5 * 2 ** -32767],
  ];
  for (const [index, schema, bound] of rows) {
    test(`index ${index} at schema ${schema} is ${bound}`, () =>
      assert.equal(exponentialBucketBound(index, schema), bound));
  }
});

describe('the fraction table', () => {
  test('every fraction is within 4 ulps of the exact 2^(j/256 - 1) and ascending', () => {
    let previous = 0;
    for (let j = 0; j < 256; j++) {
      const exact = Number(exactFractionMantissa(j)) / 2 ** 53;
      const f = boundFraction(j);
      assert.ok(Math.abs(f - exact) <= 4 * 2 ** -53, `j=${j}: ${f} vs ${exact}`);
      assert.ok(f > previous && f < 1, `j=${j} ascending`);
      previous = f;
    }
  });
  test('the exact mantissa is the correctly rounded square root of a half at j=128', () =>
    assert.equal(Number(exactFractionMantissa(128)) / 2 ** 53, Math.SQRT1_2));
});

describe('bounds of every schema', () => {
  for (let schema = MIN_EXPONENTIAL_SCHEMA; schema <= MAX_EXPONENTIAL_SCHEMA; schema++) {
    test(`schema ${schema}: ascending, base 2^(2^-schema), nested in the next schema`, () => {
      const base = 2 ** (2 ** -schema);
      const reach = schema < 0 ? 1000 / 2 ** -schema : 300; // finite, normal bounds only
      for (let i = -reach; i <= reach; i++) {
        const upper = exponentialBucketBound(i, schema);
        const lower = exponentialBucketBound(i - 1, schema);
        assert.ok(upper > lower, `index ${i}`);
        assert.ok(Math.abs(upper / lower / base - 1) < 1e-12, `index ${i} ratio`);
        if (schema < MAX_EXPONENTIAL_SCHEMA) {
          assert.equal(exponentialBucketBound(2 * i, schema + 1), upper, `index ${i}`);
        }
      }
      // Powers of two are exact boundaries at every schema.
      assert.equal(exponentialBucketBound(3 * 2 ** Math.max(schema, 0), Math.max(schema, 0)), 8);
    });
  }
});

describe('custom bucket bounds', () => {
  const custom = [0.1, 0.5, 2];
  const rows: [number, number][] = [
    [-1, Number.NEGATIVE_INFINITY],
    [0, 0.1],
    [2, 2],
    [3, Number.POSITIVE_INFINITY],
  ];
  for (const [index, bound] of rows) {
    test(`index ${index} is ${bound}`, () =>
      assert.equal(bucketBound(index, CUSTOM_BUCKETS_SCHEMA, custom), bound));
  }
  test('an index past the +Inf bucket is an error', () =>
    assert.throws(() => bucketBound(4, CUSTOM_BUCKETS_SCHEMA, custom), RangeError));
});
