import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { test } from 'node:test';
import { createHostPolicy, hostnameOf, refusedHost } from './host-policy.js';

const request = (host?: string) =>
  ({ headers: host === undefined ? {} : { host } }) as IncomingMessage;

test('hostnameOf drops the port and IPv6 brackets, and lowers the case', () => {
  const rows: [string, string][] = [
    ['localhost', 'localhost'],
    ['LocalHost:16686', 'localhost'],
    ['127.0.0.1:80', '127.0.0.1'],
    ['[::1]:16686', '::1'],
    ['[::1]', '::1'],
    ['::1', '::1'],
    ['Host.Docker.Internal:3000', 'host.docker.internal'],
  ];
  for (const [host, name] of rows) assert.equal(hostnameOf(host), name, host);
});

const rows: { allowed: string[]; bind?: string; host: string | undefined; ok: boolean }[] = [
  // Loopback names, with or without the port, any case.
  ...['localhost', 'localhost:16686', 'LOCALHOST:1', '127.0.0.1', '127.0.0.1:16686'].map(
    (host) => ({ allowed: [], host, ok: true }),
  ),
  ...['[::1]', '[::1]:16686'].map((host) => ({ allowed: [], host, ok: true })),
  { allowed: [], host: undefined, ok: true },
  // What a DNS-rebinding page sends, and other names of the machine.
  ...['evil.example', 'evil.example:16686', 'localhost.evil.example', '192.168.1.5:16686'].map(
    (host) => ({ allowed: [], host, ok: false }),
  ),
  { allowed: [], host: 'host.docker.internal:16686', ok: false },
  // --allowed-hosts.
  { allowed: ['host.docker.internal'], host: 'host.docker.internal:16686', ok: true },
  { allowed: ['HOST.docker.internal'], host: 'host.docker.internal', ok: true },
  { allowed: ['.lab.example'], host: 'grafana.lab.example:3000', ok: true },
  { allowed: ['.lab.example'], host: 'lab.example', ok: true },
  { allowed: ['.lab.example'], host: 'evil-lab.example', ok: false },
  { allowed: ['[fd00::1]'], host: '[fd00::1]:16686', ok: true },
  { allowed: ['*'], host: 'anything.example', ok: true },
  // The bound address is the machine's own name too.
  { allowed: [], bind: '127.0.0.2', host: '127.0.0.2:16686', ok: true },
];
for (const row of rows) {
  test(`Host ${row.host ?? '(none)'} with --allowed-hosts ${row.allowed.join(',') || '(none)'}: ${row.ok ? 'answered' : 'refused'}`, () => {
    const refusal = refusedHost(request(row.host), createHostPolicy(row.allowed, row.bind));
    assert.equal(refusal === undefined, row.ok, refusal);
  });
}

test('the refusal names the host, the names allowed and the option that adds it', () => {
  const refusal = refusedHost(request('Grafana.local:16686'), createHostPolicy([]));
  assert.match(refusal ?? '', /host "Grafana\.local:16686" is not allowed/);
  assert.match(refusal ?? '', /localhost, 127\.0\.0\.1, \[::1\]/);
  assert.match(refusal ?? '', /--allowed-hosts grafana\.local \(env OTEL_LAB_ALLOWED_HOSTS\)/);
});
