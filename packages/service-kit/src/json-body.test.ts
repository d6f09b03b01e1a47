import assert from 'node:assert/strict';
import type { IncomingHttpHeaders } from 'node:http';
import { describe, test } from 'node:test';
import type { Request } from 'express';
import { hasBody } from './index.js';

describe('hasBody', () => {
  const rows: { name: string; headers: IncomingHttpHeaders; expected: boolean }[] = [
    { name: 'no length, no transfer-encoding (curl -X POST)', headers: {}, expected: false },
    { name: 'content-length 0', headers: { 'content-length': '0' }, expected: false },
    {
      name: 'content-length 0 with a content-type',
      headers: { 'content-length': '0', 'content-type': 'application/json' },
      expected: false,
    },
    { name: 'content-length 2', headers: { 'content-length': '2' }, expected: true },
    { name: 'content-length 16384', headers: { 'content-length': '16384' }, expected: true },
    { name: 'chunked', headers: { 'transfer-encoding': 'chunked' }, expected: true },
    {
      name: 'chunked with a content-length 0',
      headers: { 'transfer-encoding': 'chunked', 'content-length': '0' },
      expected: true,
    },
    {
      name: 'a content-type alone is not a body',
      headers: { 'content-type': 'text/plain' },
      expected: false,
    },
  ];
  for (const row of rows) {
    test(`${row.name}: ${row.expected}`, () => {
      assert.equal(hasBody({ headers: row.headers } as Request), row.expected);
    });
  }
});
