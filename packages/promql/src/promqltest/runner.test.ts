import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryStorage } from '../memory-storage';
import { runScript } from './runner';

const script = `
load 1m
  requests_total{route="/a"} 0+60x10
  temperature 20 _ stale 22
  native {{schema:0 sum:1 count:1}}

eval instant at 5m rate(requests_total[5m])
  {route="/a"} 1

eval range from 0 to 2m step 1m temperature
  temperature 20 20 _

# Wrong on purpose.
eval instant at 5m requests_total
  requests_total{route="/a"} 1

eval instant at 1m native
  native {{schema:0 sum:1 count:1}}

# Wrong on purpose: a histogram expected, a float found.
eval instant at 1m requests_total
  requests_total{route="/a"} {{schema:0 sum:1 count:1}}

eval instant at 0 1 +
  expect fail
`;

test('a script reports one outcome per eval, native histograms included', async () => {
  const outcomes = await runScript(script);
  assert.deepEqual(
    outcomes.map((o) => [o.line, o.status]),
    [
      [7, 'passed'],
      [10, 'passed'],
      [14, 'failed'],
      [17, 'passed'],
      [21, 'failed'],
      [24, 'passed'],
    ],
  );
  assert.match(outcomes[2]?.reason ?? '', /expected 1 for .* but got 300/);
  assert.match(outcomes[4]?.reason ?? '', /expected histogram .* but got float value 60/);
});

test('scripts run against any storage that can be loaded', async () => {
  let selects = 0;
  const memory = new MemoryStorage();
  const outcomes = await runScript(script, {
    storage: () => ({
      append: (labels, t, v) => memory.append(labels, t, v),
      appendStale: (labels, t) => memory.appendStale(labels, t),
      appendHistogram: (labels, t, h) => memory.appendHistogram(labels, t, h),
      clear: () => memory.clear(),
      select: (matchers, minT, maxT) => {
        selects++;
        return Promise.resolve(memory.select(matchers, minT, maxT));
      },
    }),
  });
  assert.equal(outcomes.filter((o) => o.status === 'passed').length, 4);
  assert.ok(selects > 0);
});
