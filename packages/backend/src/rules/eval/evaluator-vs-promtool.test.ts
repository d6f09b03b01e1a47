/**
 * The evaluator against promtool 2.42: each scenario runs through our group evaluator, and what
 * it computed (each minute's firing alerts with labels and annotations, and the ALERTS,
 * ALERTS_FOR_STATE and recorded series) becomes the expectations of a `promtool test rules`
 * file over the same input. promtool passes it only if Prometheus computes the same.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { instantQuery, labelsToRecord } from '@otel-lab/promql';
import { PROMTOOL_BIN, skipWithout } from '@otel-lab/testkit';
import { stringify } from 'yaml';
import { harness, load, min } from './eval-test-support';

interface Scenario {
  name: string;
  rules: string;
  /** Series by their labels, one value a minute from 0 (null: none). */
  series: [Record<string, string>, (number | null | 'stale')[]][];
  minutes: number;
  /** Queries compared at every minute (ALERTS and ALERTS_FOR_STATE always are). */
  queries?: string[];
}

const SCENARIOS: Scenario[] = [
  {
    name: 'for, then resolved, with templated labels and annotations',
    rules: `
groups:
- name: g
  rules:
  - alert: Errors
    expr: errors > 0
    for: 2m
    labels:
      severity: '{{ if gt $value 2.0 }}page{{ else }}ticket{{ end }}'
    annotations:
      summary: '{{ $labels.job }} has {{ $value | humanize }} errors ({{ $externalLabels.site }})'
      link: '{{ $externalURL }}/alerts'
`,
    series: [
      [{ __name__: 'errors', job: 'shop' }, [0, 1, 3, 3, 1, 0, 0, 2, 2, 2, 2]],
      [{ __name__: 'errors', job: 'pay' }, [0, 0, 1234.5, 1234.5, 1234.5, 1234.5, 0, 0, 0, 0, 0]],
    ],
    minutes: 10,
  },
  {
    name: 'keep_firing_for, and an alert that returns while kept',
    rules: `
groups:
- name: g
  rules:
  - alert: Down
    expr: up == 0
    for: 1m
    keep_firing_for: 3m
`,
    series: [
      [{ __name__: 'up', job: 'a' }, [0, 0, 0, 1, 1, 1, 1, 1, 1]],
      [{ __name__: 'up', job: 'b' }, [0, 0, 0, 1, 0, 1, 1, 1, 1, 1, 1, 1]],
    ],
    minutes: 11,
  },
  {
    name: 'an alert over recording rules evaluated earlier in the group',
    rules: `
groups:
- name: g
  rules:
  - record: job:requests:rate1m
    expr: sum by (job) (rate(requests_total[90s]))
  - record: job:errors:ratio
    expr: sum by (job) (rate(errors_total[90s])) / job:requests:rate1m
    labels: {source: recorded}
  - alert: ErrorRatio
    expr: job:errors:ratio > 0.05
    for: 2m
    annotations:
      summary: '{{ $value | humanizePercentage }} of {{ $labels.job }} fail'
`,
    // Windows of 90s over samples a minute apart hold no sample on their edges, where
    // Prometheus 2 (promtool) and 3 differ.
    series: [
      [
        { __name__: 'requests_total', job: 'shop', i: '1' },
        [0, 60, 120, 180, 240, 300, 360, 420, 480, 540, 600],
      ],
      [
        { __name__: 'requests_total', job: 'shop', i: '2' },
        [0, 60, 120, 180, 240, 300, 360, 420, 480, 540, 600],
      ],
      [{ __name__: 'errors_total', job: 'shop' }, [0, 0, 0, 12, 24, 36, 48, 48, 48, 48, 48]],
    ],
    minutes: 10,
    queries: ['job:requests:rate1m', 'job:errors:ratio'],
  },
  {
    name: 'stale markers for recorded series and alerts that go away',
    rules: `
groups:
- name: g
  rules:
  - record: up:copy
    expr: up
  - alert: Up
    expr: up:copy > 0
`,
    series: [
      [{ __name__: 'up', job: 'a' }, [1, 1, 1, 1, 1, 1, 1, 1]],
      [{ __name__: 'up', job: 'b' }, [1, 1, 'stale', null, null, 1, 1, 'stale']],
    ],
    minutes: 9,
    queries: ['up:copy'],
  },
];

const notation = (values: (number | null | 'stale')[]) =>
  values.map((v) => (v === null ? '_' : String(v))).join(' ');
const labelText = (labels: Record<string, string>) => {
  const { __name__: name, ...rest } = labels;
  const inner = Object.entries(rest).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return `${name ?? ''}{${inner.join(', ')}}`;
};

const EXTERNAL = { externalLabels: { site: 'lab-1' }, externalUrl: 'http://prom.example:9090' };

async function promtoolTestFile(s: Scenario, rulesFile: string): Promise<string> {
  const h = harness(s.rules, EXTERNAL);
  for (const [labels, values] of s.series) load(h.storage, labels, values);
  const alertTests: unknown[] = [];
  const alertnames = h.evaluator.slots.flatMap((slot) =>
    slot.alerting ? [slot.alerting.rule.alert] : [],
  );
  for (let m = 0; m <= s.minutes; m++) {
    await h.evaluate(min(m));
    for (const alertname of new Set(alertnames)) {
      const firing = h.evaluator.activeAlerts(alertname).filter((a) => a.state === 'firing');
      alertTests.push({
        eval_time: `${m}m`,
        alertname,
        exp_alerts: firing.map((a) => ({ exp_labels: a.labels, exp_annotations: a.annotations })),
      });
    }
  }
  const exprTests: unknown[] = [];
  for (const expr of ['ALERTS', 'ALERTS_FOR_STATE', ...(s.queries ?? [])]) {
    for (let m = 0; m <= s.minutes; m++) {
      const result = await instantQuery(h.storage, expr, min(m));
      if (result.resultType !== 'vector') throw new Error(`${expr} is not a vector`);
      exprTests.push({
        expr,
        eval_time: `${m}m`,
        exp_samples: result.result.map((r) => ({
          labels: labelText(labelsToRecord(r.metric)),
          value: r.v,
        })),
      });
    }
  }
  return stringify({
    rule_files: [rulesFile],
    evaluation_interval: '1m',
    tests: [
      {
        interval: '1m',
        external_labels: EXTERNAL.externalLabels,
        external_url: EXTERNAL.externalUrl,
        input_series: s.series.map(([labels, values]) => ({
          series: labelText(labels),
          values: notation(values),
        })),
        alert_rule_test: alertTests,
        promql_expr_test: exprTests,
      },
    ],
  });
}

describe('rule evaluation against promtool test rules', {
  skip: skipWithout(PROMTOOL_BIN, 'apt-get install prometheus'),
}, () => {
  const dir = mkdtempSync(join(tmpdir(), 'evaluator-vs-promtool-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  for (const [i, s] of SCENARIOS.entries()) {
    test(s.name, async () => {
      const rules = join(dir, `rules-${i}.yml`);
      writeFileSync(rules, s.rules);
      const tests = join(dir, `tests-${i}.yml`);
      writeFileSync(tests, await promtoolTestFile(s, rules));
      const outcome = await new Promise<{ code: number; output: string }>((resolve) =>
        execFile(PROMTOOL_BIN, ['test', 'rules', tests], (error, stdout, stderr) =>
          resolve({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr }),
        ),
      );
      assert.equal(outcome.code, 0, outcome.output);
    });
  }
});
