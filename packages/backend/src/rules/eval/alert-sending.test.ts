import assert from 'node:assert/strict';
import { test } from 'node:test';
import { goQueryEscape, rfc3339 } from './alert-sending';
import { harness, load, min } from './eval-test-support';

const rules = (interval: string) => `
groups:
- name: alerts
  interval: ${interval}
  rules:
  - alert: Errors
    expr: errors > 0
    for: 2m
    labels: {site: own}
    annotations: {summary: errors}
`;

test('firing alerts are sent once, again after the resend delay, and resolved ones until retention ends', async () => {
  const h = harness(rules('1m'), {
    externalLabels: { site: 'lab', region: 'eu' },
    externalUrl: 'http://prom.example:9090',
  });
  // Errors from minute 1 to 4: pending at 1 and 2, firing at 3 and 4, resolved at 5.
  load(h.storage, { __name__: 'errors' }, [0, 1, 1, 1, 1, ...Array(20).fill(0)]);
  for (let m = 0; m <= 22; m++) await h.evaluate(min(m));
  // A resend is due once the last send is strictly more than the delay (1m) ago.
  assert.deepEqual(
    h.sent.map((s) => [s.ts / 60_000, s.alerts.map((a) => a.endsAt)]),
    [
      [3, ['1970-01-01T00:07:00Z']], // firing: valid for 4 × max(1m interval, 1m resend delay)
      [5, ['1970-01-01T00:05:00Z']], // resolved: ends when it resolved
      ...[7, 9, 11, 13, 15, 17, 19].map((m) => [m, ['1970-01-01T00:05:00Z']]),
      // 15 minutes after resolving (at 20m) it is still kept; past that it is dropped, unsent.
    ],
  );
  assert.deepEqual(h.sent[0]?.alerts[0], {
    // The alert's own site label wins over the external label of the same name.
    labels: { alertname: 'Errors', region: 'eu', site: 'own' },
    annotations: { summary: 'errors' },
    startsAt: '1970-01-01T00:03:00Z',
    endsAt: '1970-01-01T00:07:00Z',
    generatorURL: 'http://prom.example:9090/graph?g0.expr=errors+%3E+0&g0.tab=1',
  });
});

const validity: { interval: string; resendDelayMs: number; endsAt: string }[] = [
  { interval: '15s', resendDelayMs: 60_000, endsAt: '1970-01-01T00:07:00Z' },
  { interval: '2m', resendDelayMs: 60_000, endsAt: '1970-01-01T00:11:00Z' },
  { interval: '1m', resendDelayMs: 30_000, endsAt: '1970-01-01T00:07:00Z' },
];

for (const c of validity) {
  test(`a firing alert's endsAt is 4 × max(interval ${c.interval}, resend delay ${c.resendDelayMs}ms) ahead`, async () => {
    const h = harness(rules(c.interval), { resendDelayMs: c.resendDelayMs });
    load(h.storage, { __name__: 'errors' }, [1, 1, 1, 1]);
    await h.evaluate(0);
    await h.evaluate(min(3));
    assert.deepEqual(
      h.sent.map((s) => s.alerts[0]?.endsAt),
      [c.endsAt],
    );
  });
}

test('pending alerts are never sent', async () => {
  const h = harness(rules('1m'));
  load(h.storage, { __name__: 'errors' }, [1, 1]);
  await h.evaluate(0);
  await h.evaluate(min(1));
  assert.deepEqual(h.sent, []);
});

test('query escaping and times read as Go writes them', () => {
  const cases: [string, string][] = [
    ['sum(rate(x[5m])) > 0.5', 'sum%28rate%28x%5B5m%5D%29%29+%3E+0.5'],
    ['a{b="c/d"} * 1', 'a%7Bb%3D%22c%2Fd%22%7D+%2A+1'],
    ["up!='x'~_-.", 'up%21%3D%27x%27~_-.'],
  ];
  for (const [expr, escaped] of cases) assert.equal(goQueryEscape(expr), escaped);
  assert.equal(rfc3339(Date.UTC(2026, 11, 7, 9, 0, 0, 0)), '2026-12-07T09:00:00Z');
  assert.equal(rfc3339(Date.UTC(2026, 11, 7, 9, 0, 0, 120)), '2026-12-07T09:00:00.12Z');
  assert.equal(rfc3339(Date.UTC(2026, 11, 7, 9, 0, 10, 0)), '2026-12-07T09:00:10Z');
});
