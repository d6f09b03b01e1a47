import assert from 'node:assert/strict';
import { test } from 'node:test';
import { labelsFromRecord, MemoryStorage } from '@otel-lab/promql';
import { ApiError } from './api-response.js';
import { instantQueryEndpoint, rangeQueryEndpoint, selectorsOfQuery } from './query-endpoints.js';

const storage = new MemoryStorage();
const up = labelsFromRecord({ __name__: 'up', job: 'demo-app' });
for (let t = 0; t <= 600_000; t += 15_000) storage.append(up, t, t === 300_000 ? 1e-7 : 1);

const params = (values: Record<string, string>) => new URLSearchParams(values);

async function refusal(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ApiError, String(error));
    return error;
  }
  assert.fail('expected a refusal');
}

test('an instant query answers in Prometheus format, numbers as Go writes them', async () => {
  const result = await instantQueryEndpoint(storage, params({ query: 'up', time: '300' }));
  assert.equal(
    result.json,
    '{"resultType":"vector","result":[{"metric":{"__name__":"up","job":"demo-app"},"value":[300,"1e-07"]}]}',
  );
  const scalar = await instantQueryEndpoint(storage, params({ query: '1/0', time: '1.5' }));
  assert.equal(scalar.json, '{"resultType":"scalar","result":[1.5,"+Inf"]}');
});

test('a range query has one point per step', async () => {
  const result = await rangeQueryEndpoint(
    storage,
    params({ query: 'sum(up)', start: '60', end: '180', step: '1m' }),
  );
  const data = JSON.parse(result.json ?? '');
  assert.deepEqual(data.result[0].values, [
    [60, '1'],
    [120, '1'],
    [180, '1'],
  ]);
});

test('bad parameters are bad_data with the parameter named', async () => {
  const cases: [Promise<unknown>, RegExp][] = [
    [
      instantQueryEndpoint(storage, params({ query: 'up{' })),
      /^invalid parameter "query": 1:4: parse error/,
    ],
    [
      instantQueryEndpoint(storage, params({ query: 'up', time: 'soon' })),
      /invalid parameter "time"/,
    ],
    [
      rangeQueryEndpoint(storage, params({ query: 'up', end: '1', step: '1' })),
      /invalid parameter "start": missing/,
    ],
    [
      rangeQueryEndpoint(storage, params({ query: 'up', start: '10', end: '1', step: '1' })),
      /end timestamp must not be before start time/,
    ],
    [
      rangeQueryEndpoint(storage, params({ query: 'up', start: '0', end: '1', step: '0' })),
      /zero or negative query resolution step/,
    ],
    [
      rangeQueryEndpoint(storage, params({ query: 'up', start: '0', end: '100000', step: '1' })),
      /exceeded maximum resolution of 11,000 points/,
    ],
    [
      rangeQueryEndpoint(storage, params({ query: 'up', start: '0', end: '1', step: 'often' })),
      /invalid parameter "step": cannot parse "often"/,
    ],
  ];
  for (const [promise, message] of cases) {
    const error = await refusal(promise);
    assert.equal(error.errorType, 'bad_data');
    assert.equal(error.status, 400);
    assert.match(error.message, message);
  }
});

test('an evaluation error is execution (422)', async () => {
  const error = await refusal(
    instantQueryEndpoint(
      storage,
      params({ query: 'label_replace(up, "x", "$1", "job", "(")', time: '300' }),
    ),
  );
  assert.equal(error.errorType, 'execution');
  assert.equal(error.status, 422);
  assert.match(error.message, /invalid regular expression in label_replace\(\)/);
});

test('a vector keeps three digits of milliseconds in its times, as Prometheus writes them', async () => {
  const result = await instantQueryEndpoint(storage, params({ query: 'up', time: '300.5' }));
  assert.match(result.json ?? '', /"value":\[300\.500,"1e-07"\]/);
});

test('query_exemplars finds every selector of a query', () => {
  assert.deepEqual(
    selectorsOfQuery('sum(rate(a{x="1"}[5m])) / on() b + scalar(c offset 1m)').map((matchers) =>
      matchers.map((m) => `${m.name}${m.type}${m.value}`),
    ),
    [['__name__=a', 'x=1'], ['__name__=b'], ['__name__=c']],
  );
});
