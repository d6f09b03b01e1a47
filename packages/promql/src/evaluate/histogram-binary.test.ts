import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runScript } from '../promqltest/runner';

// Edge cases of binary operators over native histograms that Prometheus's scripts do not cover.
const script = `
load 1m
  exp_h {{schema:0 sum:5 count:4 buckets:[1 2 1]}}
  nhcb_h {{schema:-53 sum:5 count:4 custom_values:[1 2] buckets:[1 2 1]}}
  floats 3

# The trim operators need a histogram on the left.
eval instant at 1m floats </ 2
  expect info msg: PromQL info: incompatible sample types encountered for binary operator "</": float </ float (1:1)

eval instant at 1m 2 >/ exp_h
  expect info msg: PromQL info: incompatible sample types encountered for binary operator ">/": float >/ histogram (1:1)

eval instant at 1m 1 </ 2
  expect fail msg: operator "</" not allowed for scalars

# A trim by a float vector keeps the share of (2, 4] above 3, on a log scale; on() drops the name.
eval instant at 1m exp_h >/ on() floats
  expect no_info
  {} {{schema:0 count:0.4150374992788439 sum:1.4377320715945778 offset:2 buckets:[0.4150374992788439]}}

eval instant at 1m exp_h + nhcb_h
  expect warn msg: PromQL warning: incompatible bucket layout encountered for binary operator + (1:1)

eval instant at 1m exp_h + on() floats
  expect info msg: PromQL info: incompatible sample types encountered for binary operator "+": histogram + float (1:1)

eval instant at 1m 2 / exp_h
  expect info msg: PromQL info: incompatible sample types encountered for binary operator "/": float / histogram (1:1)

# The sample repeats at every step by lookback: each step scales it once.
eval range from 0 to 3m step 1m exp_h * 2
  {} {{schema:0 sum:10 count:8 buckets:[2 4 2]}}x3

# A trim at a bucket boundary keeps whole buckets; the sum is re-estimated from their midpoints.
eval range from 0 to 2m step 1m exp_h >/ 1
  exp_h {{schema:0 sum:5.656854249492381 count:3 offset:1 buckets:[2 1]}}x2

clear
load 1m
  req{route="a", code="200"} {{schema:0 sum:5 count:5 buckets:[1 3 1]}} {{schema:0 sum:4 count:4 buckets:[1 2 1]}}
  req{route="a", code="500"} {{schema:1 sum:1 count:1 buckets:[1]}} {{schema:1 sum:2 count:2 buckets:[1 1]}}
  weight{route="a"} 2

# One-to-many matching: the histogram side may be the "many" on either side of the operator.
eval instant at 1m req * on(route) group_left weight
  {route="a", code="200"} {{schema:0 sum:8 count:8 buckets:[2 4 2]}}
  {route="a", code="500"} {{schema:1 sum:4 count:4 buckets:[2 2]}}

eval instant at 1m weight * on(route) group_right req
  {route="a", code="200"} {{schema:0 sum:8 count:8 buckets:[2 4 2]}}
  {route="a", code="500"} {{schema:1 sum:4 count:4 buckets:[2 2]}}

# A reset against a not-reset warns. Stored samples never read back as reset (prometheus#15346);
# under histogram_count they do, where the count went down (code 200), so the warning shows there.
eval instant at 1m histogram_count(req{code="200"} + ignoring(code) req{code="500"})
  expect warn msg: PromQL warning: conflicting counter resets during histogram addition (1:17)
  {route="a"} 6

eval instant at 1m histogram_count(req{code="200"} - ignoring(code) req{code="500"})
  expect warn msg: PromQL warning: conflicting counter resets during histogram subtraction (1:17)
  {route="a"} 2
`;

test('histogram operators: trims of floats, mixed layouts and types, scaling at every step, one-to-many, counter-reset collisions', async () => {
  const outcomes = await runScript(script, { checkAnnotations: true });
  assert.equal(outcomes.length, 13);
  for (const o of outcomes) assert.equal(o.status, 'passed', `${o.line} ${o.expr}: ${o.reason}`);
});
