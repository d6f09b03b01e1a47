/** Rule groups in every state, for the rules API's tests: what an evaluator's view would hold. */
import type { GroupStatus, RulesView } from '../../rules/eval/rule-state.js';

const T = Date.UTC(2026, 0, 2, 13, 36, 56, 874);

export const LAB_GROUP: GroupStatus = {
  file: '/etc/rules/lab.yml',
  name: 'lab',
  intervalMs: 15_000,
  limit: 0,
  queryOffsetMs: 0,
  labels: { team: 'shop' },
  lastEvaluation: T,
  evaluationTimeMs: 0.56,
  rules: [
    {
      rule: {
        kind: 'recording',
        record: 'route:requests:rate5m',
        expr: 'sum by (route) (rate(http_server_duration_count[5m]))',
        labels: {},
      },
      health: 'ok',
      lastError: '',
      lastEvaluation: T,
      evaluationTimeMs: 0.2,
    },
    {
      rule: {
        kind: 'alerting',
        alert: 'HighErrorRate',
        expr: 'route:errors:ratio5m > 0.05',
        forMs: 120_000,
        keepFiringForMs: 30_000,
        labels: { severity: 'page' },
        annotations: { summary: 'errors on {{ $labels.route }}', description: 'high' },
      },
      health: 'ok',
      lastError: '',
      lastEvaluation: T,
      evaluationTimeMs: 0.3,
      state: 'firing',
      alerts: [
        {
          labels: {
            alertname: 'HighErrorRate',
            route: '/api/orders',
            severity: 'page',
            team: 'shop',
          },
          annotations: { summary: 'errors on /api/orders', description: 'high' },
          state: 'firing',
          activeAt: Date.UTC(2026, 0, 2, 13, 30),
          value: 0.25,
          firedAt: Date.UTC(2026, 0, 2, 13, 32),
        },
        {
          labels: {
            alertname: 'HighErrorRate',
            route: '/api/products',
            severity: 'page',
            team: 'shop',
          },
          annotations: { summary: 'errors on /api/products', description: 'high' },
          state: 'pending',
          activeAt: Date.UTC(2026, 0, 2, 13, 36, 0, 500),
          value: 1e-7,
          keepFiringSince: Date.UTC(2026, 0, 2, 13, 36, 30),
        },
      ],
    },
  ],
};

/** A group never evaluated, with a rule that failed on another server: health unknown. */
export const SLOW_GROUP: GroupStatus = {
  file: '/etc/rules/slow.yml',
  name: 'slow',
  intervalMs: 60_000,
  limit: 10,
  queryOffsetMs: 0,
  labels: {},
  evaluationTimeMs: 0,
  rules: [
    {
      rule: {
        kind: 'alerting',
        alert: 'TargetDown',
        expr: 'up == 0',
        forMs: 60_000,
        keepFiringForMs: 0,
        labels: { severity: 'ticket' },
        annotations: {},
      },
      health: 'unknown',
      lastError: '',
      evaluationTimeMs: 0,
    },
    {
      rule: { kind: 'recording', record: 'job:up:sum', expr: 'sum by (job) (up)', labels: {} },
      health: 'err',
      lastError: 'query timed out',
      lastEvaluation: T,
      evaluationTimeMs: 1500,
    },
  ],
};

export const FIXTURE_VIEW: RulesView = { groups: () => [LAB_GROUP, SLOW_GROUP] };
