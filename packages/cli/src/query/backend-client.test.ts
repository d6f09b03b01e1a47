import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type HandlerServer, serveHandler } from '@otel-lab/testkit';
import { createBackendGet, errorOf } from './backend-client.js';

const seen: (string | undefined)[] = [];
let server: HandlerServer;
before(async () => {
  server = await serveHandler((request, response) => {
    seen.push(request.headers.authorization);
    response
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ url: request.url }));
    return true;
  });
});
after(() => server.close());

test('OTEL_LAB_TOKEN is sent as a bearer token; parameters without a value are left out', async () => {
  const answer = await createBackendGet(`${server.url}/`, 's3cret')('/api/traces', {
    service: 'a b',
    operation: undefined,
  });
  assert.deepEqual(answer, { status: 200, body: { url: '/api/traces?service=a+b' } });
  await createBackendGet(server.url, undefined)('/api/services');
  assert.deepEqual(seen, ['Bearer s3cret', undefined]);
});

test('each API error shape gives its message', () => {
  const cases: [unknown, string][] = [
    [{ status: 'error', errorType: 'bad_data', error: '1:5: parse error' }, '1:5: parse error'],
    [{ data: null, errors: [{ code: 400, msg: 'bad trace id' }] }, 'bad trace id'],
    [{ error: { httpCode: 400, message: 'bad query' } }, 'bad query'],
    ['parse error at line 1\n', 'HTTP 400: parse error at line 1'],
    [{}, 'HTTP 400'],
  ];
  for (const [body, message] of cases) assert.equal(errorOf({ status: 400, body }), message);
});
