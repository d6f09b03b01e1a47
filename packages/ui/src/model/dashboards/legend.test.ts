import assert from 'node:assert/strict';
import { test } from 'node:test';
import { legendName } from './legend.js';

test('legendName', () => {
  const labels = { __name__: 'up', endpoint: '/api/orders', job: 'demo-app' };
  const cases: { format: string | undefined; labels: Record<string, string>; expected: string }[] =
    [
      { format: '{{endpoint}}', labels, expected: '/api/orders' },
      { format: '{{ endpoint }} ({{job}})', labels, expected: '/api/orders (demo-app)' },
      { format: 'p95', labels, expected: 'p95' },
      { format: '{{missing}}x', labels, expected: 'x' },
      { format: '{{constructor}}', labels, expected: '' },
      { format: '', labels, expected: 'up{endpoint="/api/orders", job="demo-app"}' },
      { format: '__auto', labels: { __name__: 'up' }, expected: 'up' },
      { format: undefined, labels: {}, expected: '{}' },
      { format: undefined, labels: { a: 'say "hi"' }, expected: '{a="say \\"hi\\""}' },
    ];
  for (const { format, labels: l, expected } of cases)
    assert.equal(legendName(l, format), expected, format);
});
