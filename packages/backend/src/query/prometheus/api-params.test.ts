import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { call, type HandlerServer, serveHandler } from '@otel-lab/testkit';
import { MAX_FORM_FIELDS, readParams } from './api-params.js';
import { ApiError } from './api-response.js';

let server: HandlerServer;
before(async () => {
  server = await serveHandler(async (request, response) => {
    try {
      const params = await readParams(request, new URL(request.url ?? '/', 'http://x'));
      response.end(String(params.getAll('match[]').length));
    } catch (error) {
      assert.ok(error instanceof ApiError);
      response.writeHead(error.status).end(`${error.errorType}: ${error.message}`);
    }
    return true;
  });
});
after(() => server.close());

const post = (fields: number) =>
  call(server.url, 'POST', '/api/v1/series', {
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: Array.from(
      { length: fields },
      (_, i) => `match[]=${encodeURIComponent(`{s="${i}"}`)}`,
    ).join('&'),
  });

test(`a form of up to ${MAX_FORM_FIELDS} fields is read; one more is 400, naming both caps`, async () => {
  const within = await post(MAX_FORM_FIELDS);
  assert.equal(within.status, 200);
  assert.equal(within.text, String(MAX_FORM_FIELDS));
  // The review's 3.9 MB form of 100,000 match[].
  for (const fields of [MAX_FORM_FIELDS + 1, 100_000]) {
    const past = await post(fields);
    assert.equal(past.status, 400, String(fields));
    assert.equal(
      past.text,
      'bad_data: error parsing form values: more than 10000 fields in the request body (match[] takes at most 1000 different selectors)',
    );
  }
});
