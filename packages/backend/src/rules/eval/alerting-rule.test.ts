import assert from 'node:assert/strict';
import { test } from 'node:test';
import { harness, load, min } from './eval-test-support';

const errorsAlert = (extra: string) => `
groups:
- name: alerts
  rules:
  - alert: Errors
    expr: errors > 0
    labels: {severity: page}
${extra}`;

test('an alert is pending until for has passed, fires, then resolves', async () => {
  const h = harness(errorsAlert('    for: 2m'));
  load(h.storage, { __name__: 'errors', job: 'shop' }, [0, 1, 1, 1, 1, 0, 0]);
  // [minute, rule state, ALERTS and ALERTS_FOR_STATE at that minute]
  const timeline: [number, string, [string, number][]][] = [
    [0, 'inactive', []],
    [1, 'pending', alertSeries('pending', 60)],
    [2, 'pending', alertSeries('pending', 60)],
    [3, 'firing', alertSeries('firing', 60)],
    [4, 'firing', alertSeries('firing', 60)],
    [5, 'inactive', []],
    [6, 'inactive', []],
  ];
  for (const [minute, state, series] of timeline) {
    await h.evaluate(min(minute));
    const rule = h.evaluator.status().rules[0];
    assert.equal(rule?.state, state, `state at ${minute}m`);
    assert.deepEqual(await h.read('{__name__=~"ALERTS.*"}', min(minute)), series, `${minute}m`);
    const alerts = h.evaluator.activeAlerts('Errors');
    assert.equal(alerts.length, state === 'inactive' ? 0 : 1);
    if (alerts[0] !== undefined) {
      assert.equal(alerts[0].activeAt, min(1));
      assert.equal(alerts[0].firedAt, state === 'firing' ? min(3) : undefined);
      assert.deepEqual(alerts[0].labels, { alertname: 'Errors', job: 'shop', severity: 'page' });
    }
  }
});

function alertSeries(state: string, activeAtSeconds: number): [string, number][] {
  return [
    [
      `{"__name__":"ALERTS","alertname":"Errors","alertstate":"${state}","job":"shop","severity":"page"}`,
      1,
    ],
    [
      '{"__name__":"ALERTS_FOR_STATE","alertname":"Errors","job":"shop","severity":"page"}',
      activeAtSeconds,
    ],
  ];
}

test('keep_firing_for keeps a firing alert after its expression stops returning it', async () => {
  const h = harness(errorsAlert('    keep_firing_for: 2m'));
  load(h.storage, { __name__: 'errors', job: 'shop' }, [1, 1, 0, 0, 0, 1, 0, 0, 0]);
  // [minute, state, keepFiringSince]
  const timeline: [number, string, number | undefined][] = [
    [0, 'firing', undefined], // for 0 fires at once
    [1, 'firing', undefined],
    [2, 'firing', min(2)],
    [3, 'firing', min(2)],
    [4, 'inactive', undefined], // 2m since the expression stopped: resolved
    [5, 'firing', undefined], // a new alert
    [6, 'firing', min(6)],
    [7, 'firing', min(6)],
    [8, 'inactive', undefined],
  ];
  for (const [minute, state, since] of timeline) {
    await h.evaluate(min(minute));
    assert.equal(h.evaluator.status().rules[0]?.state, state, `state at ${minute}m`);
    assert.equal(h.evaluator.activeAlerts('Errors')[0]?.keepFiringSince, since, `${minute}m`);
  }
  assert.equal(h.evaluator.activeAlerts('Errors').length, 0);
});

test('labels and annotations expand per alert with $labels, $value and the external ones', async () => {
  const h = harness(
    `
groups:
- name: alerts
  labels: {team: lab}
  rules:
  - alert: Latency
    expr: latency_seconds > 0.5
    labels:
      severity: '{{ if gt $value 1.0 }}page{{ else }}ticket{{ end }}'
      metric: '{{ $labels.__name__ }}'
    annotations:
      summary: '{{ $labels.route }} p95 is {{ $value | humanizeDuration }}'
      where: '{{ $externalLabels.site }} {{ $externalURL }}'
`,
    { externalLabels: { site: 'lab-1' }, externalUrl: 'http://prom.example' },
  );
  load(h.storage, { __name__: 'latency_seconds', route: '/a' }, [2]);
  load(h.storage, { __name__: 'latency_seconds', route: '/b' }, [0.75]);
  await h.evaluate(0);
  assert.deepEqual(
    h.evaluator.activeAlerts('Latency').map((a) => [a.labels, a.annotations, a.value]),
    [
      [
        {
          alertname: 'Latency',
          metric: 'latency_seconds',
          route: '/a',
          severity: 'page',
          team: 'lab',
        },
        { summary: '/a p95 is 2s', where: 'lab-1 http://prom.example' },
        2,
      ],
      [
        {
          alertname: 'Latency',
          metric: 'latency_seconds',
          route: '/b',
          severity: 'ticket',
          team: 'lab',
        },
        { summary: '/b p95 is 750ms', where: 'lab-1 http://prom.example' },
        0.75,
      ],
    ],
  );
});

const failures: { name: string; expr: string; labels: string; limit: number; error: string }[] = [
  {
    name: 'two results with one labelset once the alert labels apply',
    expr: 'up',
    labels: '{job: same}',
    limit: 0,
    error: 'vector contains metrics with the same labelset after applying alert labels',
  },
  {
    name: 'two results that differ only by metric name',
    expr: '{__name__=~"up|down"}',
    labels: '{}',
    limit: 0,
    error: 'vector contains metrics with the same labelset after applying alert labels',
  },
  {
    name: 'more alerts than the group limit',
    expr: 'up',
    labels: '{}',
    limit: 1,
    error: 'exceeded limit of 1 with 2 alerts',
  },
];

for (const c of failures) {
  test(`an alerting rule fails on ${c.name}, and writes nothing`, async () => {
    const h = harness(`
groups:
- name: g
  limit: ${c.limit}
  rules:
  - alert: A
    expr: '${c.expr}'
    labels: ${c.labels}
  - record: after
    expr: vector(1)
`);
    load(h.storage, { __name__: 'up', job: 'a' }, [1]);
    // The second series: up{job="b"}, or down{job="a"}, which only its name tells from the first.
    const second = c.expr === 'up' ? { __name__: 'up', job: 'b' } : { __name__: 'down', job: 'a' };
    load(h.storage, second, [1]);
    await h.evaluate(0);
    const [alert, after] = h.evaluator.status().rules;
    assert.deepEqual([alert?.health, alert?.lastError, alert?.alerts], ['err', c.error, []]);
    assert.equal(after?.health, 'ok');
    assert.deepEqual(await h.read('ALERTS', 0), []);
  });
}

test('until restored, an alerting rule keeps state but writes no ALERTS series', async () => {
  const h = harness(errorsAlert(''), { restored: false });
  load(h.storage, { __name__: 'errors', job: 'shop' }, [1, 1]);
  await h.evaluate(0);
  assert.equal(h.evaluator.status().rules[0]?.state, 'firing');
  assert.deepEqual(await h.read('{__name__=~"ALERTS.*"}', 0), []);
});
