import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dashboardPath, parseRoute } from '../routes.js';

test('dashboard routes', () => {
  const cases = [
    { path: '/dashboards', expected: { page: 'dashboards' } },
    { path: '/dashboards/', expected: { page: 'dashboards' } },
    {
      path: '/dashboards/otel-lab-demo-app',
      expected: { page: 'dashboards', uid: 'otel-lab-demo-app' },
    },
    { path: '/dashboards/a%2Fb', expected: { page: 'dashboards', uid: 'a/b' } },
    { path: '/dashboards/a/b', expected: { page: 'not-found', path: '/dashboards/a/b' } },
  ];
  for (const { path, expected } of cases) assert.deepEqual(parseRoute(path), expected, path);
  assert.deepEqual(parseRoute(dashboardPath('x y/z')), { page: 'dashboards', uid: 'x y/z' });
});
