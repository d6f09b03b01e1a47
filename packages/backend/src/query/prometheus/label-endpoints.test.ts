import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sortedLabels } from '../../metrics/sample.js';
import type { IndexedSeries } from '../../storage/series-index.js';
import {
  labelNamesEndpoint,
  labelValuesEndpoint,
  MAX_METADATA_ITEMS,
  seriesEndpoint,
} from './label-endpoints.js';
import { RequestBudget } from './request-budget.js';
import type { SeriesSource } from './series-source.js';

/** More series than one answer may hold, each with its own `pod` value. */
const SERIES: IndexedSeries[] = Array.from({ length: MAX_METADATA_ITEMS + 5 }, (_, id) => ({
  id,
  labels: sortedLabels([
    ['__name__', 'up'],
    ['pod', `p${String(id).padStart(6, '0')}`],
  ]),
}));
const source = { matchingAny: async () => SERIES } as unknown as SeriesSource;
const budget = () => new RequestBudget(Date.now() + 60_000);

const TRUNCATED = 'results truncated due to limit';
const CAPPED = /the backend answers at most 40000 items per request/;

describe('series per response: `limit` as Prometheus has it, and a maximum of 40,000', () => {
  const rows = [
    { limit: '', items: MAX_METADATA_ITEMS, capped: true },
    { limit: '0', items: MAX_METADATA_ITEMS, capped: true },
    { limit: '100000', items: MAX_METADATA_ITEMS, capped: true },
    { limit: String(MAX_METADATA_ITEMS), items: MAX_METADATA_ITEMS, capped: false },
    { limit: '3', items: 3, capped: false },
  ];
  for (const row of rows) {
    const params = () => {
      const query = new URLSearchParams({ 'match[]': 'up' });
      if (row.limit) query.set('limit', row.limit);
      return query;
    };
    test(`series, limit=${row.limit || '(none)'}`, async () => {
      const result = await seriesEndpoint(source, params(), budget());
      assert.equal((result.data as unknown[]).length, row.items);
      assert.equal(result.warnings?.[0], TRUNCATED);
      assert.equal(CAPPED.test(result.warnings?.[1] ?? ''), row.capped);
    });
    test(`label values, limit=${row.limit || '(none)'}`, async () => {
      const result = await labelValuesEndpoint(source, params(), 'pod', budget());
      const values = result.data as string[];
      assert.equal(values.length, row.items);
      assert.equal(values[0], 'p000000', 'the first in order, as Prometheus cuts');
      assert.equal(result.warnings?.[0], TRUNCATED);
    });
  }

  test('an answer within the limit has no warning', async () => {
    const result = await labelNamesEndpoint(source, new URLSearchParams({ limit: '2' }), budget());
    assert.deepEqual(result, { data: ['__name__', 'pod'] });
  });

  test('a label named like an Object property has no values unless a series has it', async () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
      const result = await labelValuesEndpoint(source, new URLSearchParams(), name, budget());
      assert.deepEqual(result, { data: [] }, name);
    }
  });
});
