import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { test } from 'node:test';
import { createHostPolicy } from './host-policy.js';
import { refusedWrite } from './write-guard.js';

const JSON_TYPES = ['application/json', 'application/x-ndjson'];

function write(headers: Record<string, string>): IncomingMessage {
  return {
    url: '/api/import',
    headers: { host: 'localhost:16686', ...headers },
  } as IncomingMessage;
}

const rows: { what: string; headers: Record<string, string>; status?: number }[] = [
  { what: 'curl with JSON', headers: { 'content-type': 'application/json' } },
  { what: 'JSON lines', headers: { 'content-type': 'application/x-ndjson; charset=utf-8' } },
  { what: 'any case', headers: { 'content-type': 'Application/JSON' } },
  {
    what: 'the UI itself',
    headers: { origin: 'http://localhost:16686', 'content-type': 'application/json' },
  },
  {
    what: 'an allowed host',
    headers: { origin: 'http://host.docker.internal:3000', 'content-type': 'application/json' },
  },
  { what: 'a text/plain form', headers: { 'content-type': 'text/plain' }, status: 415 },
  {
    what: 'a url-encoded form',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    status: 415,
  },
  {
    what: 'multipart',
    headers: { 'content-type': 'multipart/form-data; boundary=b' },
    status: 415,
  },
  { what: 'no content type', headers: {}, status: 415 },
  {
    what: 'another site, even with JSON',
    headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
    status: 403,
  },
  {
    what: 'another site with text/plain (403 first)',
    headers: { origin: 'https://evil.example', 'content-type': 'text/plain' },
    status: 403,
  },
  {
    what: 'origin null',
    headers: { origin: 'null', 'content-type': 'application/json' },
    status: 403,
  },
];
for (const row of rows) {
  test(`${row.what}: ${row.status ?? 'passes'}`, () => {
    const hosts = createHostPolicy(['host.docker.internal']);
    const refusal = refusedWrite(write(row.headers), JSON_TYPES, hosts);
    assert.equal(refusal?.status, row.status, refusal?.message);
  });
}

test('the 415 names the types to send', () => {
  const refusal = refusedWrite(
    write({ 'content-type': 'text/plain' }),
    JSON_TYPES,
    createHostPolicy([]),
  );
  assert.match(
    refusal?.message ?? '',
    /content-type text\/plain is not accepted on \/api\/import: send application\/json or application\/x-ndjson/,
  );
});
