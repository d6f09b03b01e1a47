import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { test } from 'node:test';
import { pathOf, queryOf } from './request-target.js';

test('pathOf: the path the routes see, whatever form the target has', () => {
  const rows: [string | undefined, string][] = [
    ['/api/v1/query?query=up', '/api/v1/query'],
    ['/v1/traces', '/v1/traces'],
    ['/api/import?x=1?y', '/api/import'],
    // Dot segments and backslashes as URL resolves them, so no check sees another path.
    ['/-/ready/../../api/services', '/api/services'],
    ['/api\\v1\\labels', '/api/v1/labels'],
    // Absolute form (what proxies are sent) and a target that looks like one.
    ['http://evil.example/api/v1/labels?x', '/api/v1/labels'],
    ['//evil.example/api/status', '/api/status'],
    ['/api/dashboards/%E0', '/api/dashboards/%E0'],
    ['http://[', '/'],
    [undefined, '/'],
  ];
  for (const [url, path] of rows) {
    assert.equal(pathOf({ url } as IncomingMessage), path, String(url));
  }
});

test('queryOf: the query string as written', () => {
  assert.equal(queryOf('/api/v1/query?query=up&time=1'), 'query=up&time=1');
  assert.equal(queryOf('/api/v1/query'), '');
  assert.equal(queryOf('/a?b?c'), 'b?c');
});
