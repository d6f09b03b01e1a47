import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isLoopback, urlHost } from './loopback.js';

test('loopback addresses need no token; every other address does', () => {
  const rows: [string, boolean][] = [
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['localhost', true],
    ['LOCALHOST', true],
    ['::1', true],
    ['0:0:0:0:0:0:0:1', true],
    ['0.0.0.0', false],
    ['::', false],
    ['192.168.1.10', false],
    ['128.0.0.1', false],
    ['::2', false],
    ['example.org', false],
    ['localhost.example.org', false],
  ];
  for (const [bind, loopback] of rows) assert.equal(isLoopback(bind), loopback, bind);
});

test('urlHost brackets IPv6 addresses only', () => {
  assert.equal(urlHost('::1'), '[::1]');
  assert.equal(urlHost('127.0.0.1'), '127.0.0.1');
  assert.equal(urlHost('localhost'), 'localhost');
});
