import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type BindMount, bindMounts, hostPathOf } from './bind-mounts.js';
import { composeServices } from './compose-model.js';

const service = composeServices({
  services: {
    prometheus: {
      volumes: [
        './prometheus.yml:/etc/prometheus/prometheus.yml:ro',
        '../rules:/etc/rules:ro',
        'prometheus-data:/prometheus',
      ],
    },
  },
}).get('prometheus');

test('bindMounts resolves host paths from the stack folder and leaves named volumes out', () => {
  assert.ok(service);
  assert.deepEqual(bindMounts(service, '/repo/stack'), [
    { host: '/repo/stack/prometheus.yml', container: '/etc/prometheus/prometheus.yml' },
    { host: '/repo/rules', container: '/etc/rules' },
  ]);
});

const mounts: BindMount[] = [
  { host: '/repo/stack/prometheus.yml', container: '/etc/prometheus/prometheus.yml' },
  { host: '/repo/rules', container: '/etc/rules' },
];
const cases: [string, string | undefined][] = [
  ['/etc/prometheus/prometheus.yml', '/repo/stack/prometheus.yml'],
  ['/etc/rules/lab.rules.yml', '/repo/rules/lab.rules.yml'],
  ['/etc/rules', '/repo/rules'],
  ['/etc/rulesets/lab.rules.yml', undefined],
  ['/etc/prometheus/lab.rules.yml', undefined],
];
for (const [containerPath, expected] of cases) {
  test(`hostPathOf ${containerPath} is ${expected ?? 'not mounted'}`, () => {
    assert.equal(hostPathOf(mounts, containerPath), expected);
  });
}
