import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type HandlerServer, serveHandler } from '@otel-lab/testkit';
import { createHostPolicy } from '../../serve/host-policy.js';
import { routeHandlerOf } from '../../serve/query-router.js';
import { registerReloadRoute } from './reload-route.js';
import type { ReloadOutcome } from './rule-reloader.js';

let server: HandlerServer;
let reloads = 0;
let outcome: ReloadOutcome = { ok: true, errors: [] };

before(async () => {
  const hosts = createHostPolicy([], '127.0.0.1', undefined);
  server = await serveHandler(
    routeHandlerOf((router) =>
      registerReloadRoute(
        router,
        async () => {
          reloads += 1;
          return outcome;
        },
        hosts,
      ),
    ),
  );
});
after(() => server.close());

const cases: {
  name: string;
  method: string;
  headers?: Record<string, string>;
  body?: string;
  result?: ReloadOutcome;
  status: number;
  text: string | RegExp;
  reloaded: boolean;
}[] = [
  { name: 'POST reloads', method: 'POST', status: 200, text: '', reloaded: true },
  { name: 'PUT reloads', method: 'PUT', status: 200, text: '', reloaded: true },
  {
    name: 'a bad file: 500 with the errors, as Prometheus words it',
    method: 'POST',
    result: { ok: false, errors: ['r.yml: 2:3: Groupname must not be empty', 'x.yml: oops'] },
    status: 500,
    text: 'failed to reload config: r.yml: 2:3: Groupname must not be empty\nx.yml: oops\n',
    reloaded: true,
  },
  {
    name: 'GET is refused in Prometheus words',
    method: 'GET',
    status: 405,
    text: 'Only POST or PUT requests allowed',
    reloaded: false,
  },
  {
    name: 'DELETE is 405',
    method: 'DELETE',
    status: 405,
    text: /Method Not Allowed/,
    reloaded: false,
  },
  {
    name: "another site's page may not reload",
    method: 'POST',
    headers: { origin: 'https://evil.example' },
    status: 403,
    text: /cross-site request from origin "https:\/\/evil\.example" is refused/,
    reloaded: false,
  },
  {
    name: 'nor may a rebound page on another name',
    method: 'POST',
    headers: { origin: 'http://attacker.test:16686' },
    status: 403,
    text: /refused/,
    reloaded: false,
  },
  {
    name: "the backend's own page may",
    method: 'POST',
    headers: { origin: 'http://localhost:16686' },
    status: 200,
    text: '',
    reloaded: true,
  },
  {
    name: 'a form body, which any page could send, is refused',
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'a=1',
    status: 415,
    text: 'a reload takes no body: send POST /-/reload without one (curl -X POST URL)\n',
    reloaded: false,
  },
];

for (const c of cases) {
  test(`/-/reload: ${c.name}`, async () => {
    outcome = c.result ?? { ok: true, errors: [] };
    const before = reloads;
    const response = await fetch(`${server.url}/-/reload`, {
      method: c.method,
      headers: c.headers,
      body: c.body,
    });
    const text = await response.text();
    assert.equal(response.status, c.status, text);
    if (typeof c.text === 'string') assert.equal(text, c.text);
    else assert.match(text, c.text);
    assert.equal(reloads - before, c.reloaded ? 1 : 0);
  });
}
