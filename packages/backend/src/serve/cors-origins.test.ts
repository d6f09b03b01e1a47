import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createOriginMatcher, LOOPBACK_ORIGINS, parseOriginList } from './cors-origins.js';

const rows: { patterns: readonly string[]; origin: string; ok: boolean }[] = [
  ...[
    'http://localhost',
    'http://localhost:5173',
    'https://localhost:8443',
    'http://127.0.0.1:3000',
    'http://[::1]:8080',
    'HTTP://LOCALHOST:5173',
  ].map((origin) => ({ patterns: LOOPBACK_ORIGINS, origin, ok: true })),
  ...[
    'https://evil.example',
    'http://localhost.evil.example',
    'http://127.0.0.1.evil.example',
    'null',
    'file://',
  ].map((origin) => ({ patterns: LOOPBACK_ORIGINS, origin, ok: false })),
  { patterns: ['https://*.example.com'], origin: 'https://app.example.com', ok: true },
  { patterns: ['https://*.example.com'], origin: 'https://a.b.example.com', ok: true },
  { patterns: ['https://*.example.com'], origin: 'https://example.com', ok: false },
  { patterns: ['https://*.example.com'], origin: 'http://app.example.com', ok: false },
  { patterns: ['http://app.example:*'], origin: 'http://app.example:3000', ok: true },
  { patterns: ['http://app.example:3000'], origin: 'http://app.example:3001', ok: false },
  { patterns: ['*'], origin: 'https://anyone.example', ok: true },
];
for (const row of rows) {
  test(`${row.origin} against ${row.patterns.length > 2 ? 'the loopback default' : row.patterns.join(',')}: ${row.ok ? 'allowed' : 'refused'}`, () => {
    assert.equal(createOriginMatcher(row.patterns)(row.origin), row.ok);
  });
}

test('parseOriginList: comma-separated origins with at most one * each, or *', () => {
  assert.deepEqual(parseOriginList(' https://A.example , http://localhost:* '), [
    'https://a.example',
    'http://localhost:*',
  ]);
  assert.deepEqual(parseOriginList('*'), ['*']);
  for (const bad of [
    '',
    'localhost:3000',
    'https://a.example/path',
    'https://*.*.example',
    'ftp://x',
  ]) {
    assert.equal(parseOriginList(bad), undefined, bad);
  }
});
